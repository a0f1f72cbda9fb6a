-- EmpireCMS 7.5 fixture for fazhi.legacy tests: the columns migrate_from reads, a few rows each.
-- Times are unix seconds; 1566963231 = 2019-08-28 11:33:51 Asia/Shanghai.
SET NAMES utf8mb4;

CREATE TABLE `phome_enewsclass` (
  `classid` smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  `bclassid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `classname` varchar(50) NOT NULL DEFAULT '',
  `classpath` varchar(200) NOT NULL DEFAULT '',
  `myorder` smallint(6) NOT NULL DEFAULT '0',
  `tbname` varchar(60) NOT NULL DEFAULT '',
  `filetype` varchar(10) NOT NULL DEFAULT '',
  `islast` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`classid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsclass` VALUES
(1,0,'法治要闻','fzyw',1,'news','.html',0),
(2,0,'学界之声','xjzs',2,'news','.html',1),
(3,1,'地方动态','fzyw/dfdt',1,'news','.shtml',1),
(4,0,'普法专栏','pufa',3,'article','.html',1);

CREATE TABLE `phome_ecms_news` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `classid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `ttid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `onclick` int(10) unsigned NOT NULL DEFAULT '0',
  `plnum` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `totaldown` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `newspath` char(20) NOT NULL DEFAULT '',
  `filename` char(36) NOT NULL DEFAULT '',
  `userid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `username` char(20) NOT NULL DEFAULT '',
  `firsttitle` tinyint(1) NOT NULL DEFAULT '0',
  `isgood` tinyint(1) NOT NULL DEFAULT '0',
  `truetime` int(10) unsigned NOT NULL DEFAULT '0',
  `lastdotime` int(10) unsigned NOT NULL DEFAULT '0',
  `havehtml` tinyint(1) NOT NULL DEFAULT '0',
  `stb` tinyint(3) unsigned NOT NULL DEFAULT '1',
  `fstb` tinyint(3) unsigned NOT NULL DEFAULT '1',
  `restb` tinyint(3) unsigned NOT NULL DEFAULT '1',
  `keyboard` char(80) NOT NULL DEFAULT '',
  `title` varchar(100) NOT NULL DEFAULT '',
  `newstime` int(10) unsigned NOT NULL DEFAULT '0',
  `titlepic` varchar(120) NOT NULL DEFAULT '',
  `ftitle` varchar(120) NOT NULL DEFAULT '',
  `smalltext` varchar(255) NOT NULL DEFAULT '',
  `diggtop` int(11) NOT NULL DEFAULT '0',
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_ecms_news` (`id`,`classid`,`onclick`,`plnum`,`newspath`,`filename`,`username`,`stb`,`restb`,`keyboard`,`title`,`newstime`,`titlepic`,`ftitle`,`smalltext`,`diggtop`) VALUES
(1,2,1234,3,'2019-08-28','1','admin',1,1,'法治政府,依法行政，调解','法治政府建设的理论与实践',1566963231,'/d/file/2019-08-28/cover.jpg','副标题一','推进法治政府建设的几点思考。',56),
(2,3,88,0,'2019-09-01','2','editor',1,1,'地方','某县推进公共法律服务全覆盖',1567310400,'','','',7),
(3,1,10,0,'','report-2019','admin',1,1,'','年度法治报告发布',1567400000,'','','报告全文见附件。',0),
(4,99,0,0,'2019-09-05','4','admin',1,1,'','栏目已删除的文章',1567650000,'','','',0),
(5,1,0,0,'2019-09-06','5','admin',1,1,'','副表缺失的文章',1567736400,'','','',0);

CREATE TABLE `phome_ecms_news_data_1` (
  `id` int(10) unsigned NOT NULL DEFAULT '0',
  `classid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `keyid` varchar(255) NOT NULL DEFAULT '',
  `dokey` tinyint(1) NOT NULL DEFAULT '0',
  `newstempid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `closepl` tinyint(1) NOT NULL DEFAULT '0',
  `infotags` varchar(80) NOT NULL DEFAULT '',
  `writer` varchar(30) NOT NULL DEFAULT '',
  `befrom` varchar(60) NOT NULL DEFAULT '',
  `newstext` mediumtext NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_ecms_news_data_1` (`id`,`classid`,`writer`,`befrom`,`newstext`) VALUES
(1,2,'董定权','法治日报','<p style="text-indent:2em" onclick="steal()">第一段正文。</p><script>alert(\'x\')</script><p><img src="/d/file/2019-08-28/cover.jpg" alt="封面" /></p><p>第二段<a href="javascript:evil()">坏链接</a>。</p>'),
(2,3,'通讯员 李四','县司法局','<p>第一页内容。</p>[!--empirenews.page--]第二页标题[/!--empirenews.page--]<p>第二页内容，见下表：</p><table border="1" style="width:900px"><tr><td>项目</td><td>数量</td></tr><tr><td>法律援助</td><td>12</td></tr></table>[!--empirenews.page--]<p>第三页内容<img src="http://www.old-site.cn/d/file/2019-09-01/photo.png" onerror="x()"> 图文混排。</p>'),
(3,1,'','本网','<p>下载：<a href="/d/file/2019-08-28/report.pdf">年度报告</a>，缺失图片 <img src="/d/file/2019-08-28/missing.jpg"></p>'),
(4,99,'','','<p>无栏目</p>');

CREATE TABLE `phome_ecms_news_check` LIKE `phome_ecms_news`;
INSERT INTO `phome_ecms_news_check` (`id`,`classid`,`onclick`,`newspath`,`filename`,`username`,`stb`,`restb`,`keyboard`,`title`,`newstime`,`smalltext`) VALUES
(6,1,0,'2019-09-10','6','editor',1,1,'待审','待审核的稿件',1568080000,'尚未审核。');
CREATE TABLE `phome_ecms_news_check_data` LIKE `phome_ecms_news_data_1`;
INSERT INTO `phome_ecms_news_check_data` (`id`,`classid`,`writer`,`befrom`,`newstext`) VALUES
(6,1,'王五','本网','<p>待审核正文。</p>');

CREATE TABLE `phome_ecms_article` LIKE `phome_ecms_news`;
INSERT INTO `phome_ecms_article` (`id`,`classid`,`onclick`,`newspath`,`filename`,`username`,`stb`,`restb`,`keyboard`,`title`,`newstime`) VALUES
(1,4,5,'2019-10-01','1','admin',1,1,'普法','劳动合同法十问',1569888000);
CREATE TABLE `phome_ecms_article_data_1` LIKE `phome_ecms_news_data_1`;
INSERT INTO `phome_ecms_article_data_1` (`id`,`classid`,`writer`,`befrom`,`newstext`) VALUES
(1,4,'普法办','本网','<p>问一：试用期最长多久？</p>');

CREATE TABLE `phome_enewsmember` (
  `userid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` char(20) NOT NULL DEFAULT '',
  `password` char(32) NOT NULL DEFAULT '',
  `rnd` char(20) NOT NULL DEFAULT '',
  `email` char(50) NOT NULL DEFAULT '',
  `registertime` int(10) unsigned NOT NULL DEFAULT '0',
  `groupid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `userfen` int(10) unsigned NOT NULL DEFAULT '0',
  `checked` tinyint(1) NOT NULL DEFAULT '0',
  `salt` char(8) NOT NULL DEFAULT '',
  `userkey` char(12) NOT NULL DEFAULT '',
  PRIMARY KEY (`userid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsmember` VALUES
(1,'zhangsan','f2dd4e8c95c32253fe58eea04eaad80c','r1','zhangsan@example.cn',1546300800,1,0,1,'abc123','k1'),
(2,'lisi','49d41839fb1bfd6ebcb8d1430fcd5ec5','r2','lisi@example.cn',1546387200,1,0,0,'x9y8','k2'),
(3,'','d41d8cd98f00b204e9800998ecf8427e','r3','',1546387200,1,0,1,'s','k3');
CREATE TABLE `phome_enewsmemberadd` (
  `userid` int(10) unsigned NOT NULL DEFAULT '0',
  `truename` varchar(20) NOT NULL DEFAULT '',
  `phone` varchar(30) NOT NULL DEFAULT '',
  PRIMARY KEY (`userid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsmemberadd` VALUES (1,'张三','');

CREATE TABLE `phome_enewsuser` (
  `userid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(30) NOT NULL DEFAULT '',
  `password` varchar(32) NOT NULL DEFAULT '',
  `rnd` varchar(20) NOT NULL DEFAULT '',
  `salt` varchar(20) NOT NULL DEFAULT '',
  `truename` varchar(20) NOT NULL DEFAULT '',
  `email` varchar(120) NOT NULL DEFAULT '',
  `checked` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`userid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsuser` VALUES
(1,'admin','0123456789abcdef0123456789abcdef','r','s','系统管理员','admin@example.cn',0),
(2,'editor','0123456789abcdef0123456789abcdef','r','s','刘编辑','editor@example.cn',0);

CREATE TABLE `phome_enewsfile_1` (
  `fileid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `pubid` bigint(16) unsigned NOT NULL DEFAULT '0',
  `filename` char(60) NOT NULL DEFAULT '',
  `filesize` int(10) unsigned NOT NULL DEFAULT '0',
  `path` char(20) NOT NULL DEFAULT '',
  `adduser` char(30) NOT NULL DEFAULT '',
  `filetime` int(10) unsigned NOT NULL DEFAULT '0',
  `classid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `no` char(60) NOT NULL DEFAULT '',
  `type` tinyint(1) NOT NULL DEFAULT '0',
  `onclick` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `id` int(10) unsigned NOT NULL DEFAULT '0',
  `cjid` int(10) unsigned NOT NULL DEFAULT '0',
  `fpath` tinyint(1) NOT NULL DEFAULT '0',
  `modtype` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`fileid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsfile_1` (`fileid`,`filename`,`path`,`no`,`type`,`id`,`classid`) VALUES
(1,'cover.jpg','2019-08-28','封面图',1,1,2),
(2,'photo.png','2019-09-01','现场照片',1,2,3),
(3,'report.pdf','2019-08-28','年度报告',0,3,1),
(4,'missing.jpg','2019-08-28','丢失的图',1,3,1);

CREATE TABLE `phome_enewspl_1` (
  `plid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `pubid` bigint(16) NOT NULL DEFAULT '0',
  `username` varchar(20) NOT NULL DEFAULT '',
  `sayip` varchar(20) NOT NULL DEFAULT '',
  `saytime` int(10) unsigned NOT NULL DEFAULT '0',
  `id` int(10) unsigned NOT NULL DEFAULT '0',
  `classid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `checked` tinyint(1) NOT NULL DEFAULT '0',
  `zcnum` smallint(6) NOT NULL DEFAULT '0',
  `fdnum` smallint(6) NOT NULL DEFAULT '0',
  `userid` int(10) unsigned NOT NULL DEFAULT '0',
  `isgood` tinyint(1) NOT NULL DEFAULT '0',
  `saytext` text NOT NULL,
  PRIMARY KEY (`plid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewspl_1` (`plid`,`username`,`sayip`,`saytime`,`id`,`classid`,`checked`,`userid`,`saytext`) VALUES
(1,'匿名','10.0.0.1',1566970000,1,2,0,0,'写得好[~e.wx~]'),
(2,'zhangsan','10.0.0.2',1566980000,1,2,0,1,'<div class=\"ecomment\"><span class=\"ecommentauthor\">网友 匿名 的原文：</span><br />写得好[~e.wx~]</div>同意楼上'),
(3,'lisi','10.0.0.3',1566990000,1,2,1,2,'待审核的评论'),
(4,'zhangsan','10.0.0.4',1567320000,2,3,0,1,'基层的经验值得推广[~e.hh~][~e.zz~]'),
(5,'匿名','unknown',1567700000,4,99,0,0,'栏目已删除的文章下的评论');
