-- DedeCMS 5.7 fixture for fazhi.legacy tests. 1566963231 = 2019-08-28 11:33:51 Asia/Shanghai.
SET NAMES utf8mb4;

CREATE TABLE `dede_channeltype` (
  `id` smallint(6) NOT NULL DEFAULT '0',
  `nid` varchar(20) NOT NULL DEFAULT '',
  `typename` varchar(30) NOT NULL DEFAULT '',
  `addtable` varchar(40) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_channeltype` VALUES (1,'article','普通文章','dede_addonarticle'),(2,'image','图片集','dede_addonimages');

CREATE TABLE `dede_arctype` (
  `id` smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  `reid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `topid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `sortrank` smallint(5) unsigned NOT NULL DEFAULT '50',
  `typename` char(30) NOT NULL DEFAULT '',
  `typedir` char(60) NOT NULL DEFAULT '',
  `namerule` char(50) NOT NULL DEFAULT '',
  `channeltype` smallint(6) DEFAULT '1',
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_arctype` VALUES
(1,0,0,1,'法律法规','{cmspath}/a/flfg','{typedir}/{Y}/{M}{D}/{aid}.html',1),
(2,1,1,2,'地方法规','{cmspath}/a/flfg/dffg','{typedir}/{Y}/{M}{D}/{aid}.html',1),
(3,0,0,3,'图片新闻','{cmspath}/a/tpxw','{typedir}/{aid}.html',2);

CREATE TABLE `dede_archives` (
  `id` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `sortrank` int(10) unsigned NOT NULL DEFAULT '0',
  `flag` set('c','h','p','f','s','j','a','b') DEFAULT NULL,
  `ismake` smallint(6) NOT NULL DEFAULT '0',
  `channel` smallint(6) NOT NULL DEFAULT '1',
  `arcrank` smallint(6) NOT NULL DEFAULT '0',
  `click` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `title` char(60) NOT NULL DEFAULT '',
  `shorttitle` char(36) NOT NULL DEFAULT '',
  `writer` char(20) NOT NULL DEFAULT '',
  `source` char(30) NOT NULL DEFAULT '',
  `litpic` char(100) NOT NULL DEFAULT '',
  `pubdate` int(10) unsigned NOT NULL DEFAULT '0',
  `senddate` int(10) unsigned NOT NULL DEFAULT '0',
  `mid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `keywords` char(30) NOT NULL DEFAULT '',
  `goodpost` mediumint(8) NOT NULL DEFAULT '0',
  `badpost` mediumint(8) NOT NULL DEFAULT '0',
  `description` varchar(255) NOT NULL DEFAULT '',
  `filename` varchar(40) NOT NULL DEFAULT '',
  `dutyadmin` mediumint(8) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_archives` (`id`,`typeid`,`channel`,`arcrank`,`click`,`title`,`shorttitle`,`writer`,`source`,`litpic`,`pubdate`,`keywords`,`goodpost`,`description`,`filename`,`dutyadmin`) VALUES
(11,1,1,0,321,'民法典婚姻家庭编解读','婚姻家庭编','张律师','法治网','/uploads/allimg/190828/1-1ZP1.jpg',1566963231,'民法典,婚姻',9,'逐条解读婚姻家庭编。','',1),
(12,2,1,-1,0,'待审：地方立法听证会','','李记者','本站','',1567000000,'立法',0,'','',1),
(13,2,1,-2,0,'回收站里的文章','','','本站','',1567100000,'',0,'','',0),
(14,1,1,0,5,'自定义文件名的文章','','','本站','',1567200000,'',0,'','special-page',2),
(15,3,2,0,5,'图集：普法宣传周','','','本站','',1567300000,'',0,'','',0),
(16,77,1,0,5,'栏目不存在','','','本站','',1567300000,'',0,'','',0);

CREATE TABLE `dede_addonarticle` (
  `aid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `body` mediumtext,
  `redirecturl` varchar(255) NOT NULL DEFAULT '',
  `userip` char(15) NOT NULL DEFAULT '',
  PRIMARY KEY (`aid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_addonarticle` (`aid`,`typeid`,`body`) VALUES
(11,1,'<p>引言。</p>#p#分页标题#e#<p>第一条解读。<img src="/uploads/allimg/190828/1-1ZP1.jpg" /></p>#p#结语#e#<p>结束语。</p><p><a href="/uploads/soft/190828/law.docx">附件：全文</a></p>'),
(12,2,'<p>听证会正文。</p>'),
(13,2,'<p>已删除。</p>'),
(14,1,'<div style="font-size:20px"><font color="red">红字</font>正文</div>'),
(16,77,'<p>孤儿</p>');

CREATE TABLE `dede_addonimages` (
  `aid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `imgurls` text,
  PRIMARY KEY (`aid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_addonimages` VALUES (15,3,'{dede:img ddimg=\'\' text=\'\' width=\'400\'} /uploads/a.jpg {/dede:img}');

CREATE TABLE `dede_admin` (
  `id` int(10) unsigned NOT NULL,
  `usertype` float unsigned DEFAULT '0',
  `userid` char(30) NOT NULL DEFAULT '',
  `pwd` char(32) NOT NULL DEFAULT '',
  `uname` char(20) NOT NULL DEFAULT '',
  `email` char(30) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_admin` VALUES (1,10,'admin','171469e80d32c0559f88','周主编','admin@example.cn'),(2,1,'xiaoli','171469e80d32c0559f88','小李',''); 

CREATE TABLE `dede_member` (
  `mid` mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  `mtype` varchar(20) NOT NULL DEFAULT '个人',
  `userid` char(20) NOT NULL DEFAULT '',
  `pwd` char(32) NOT NULL DEFAULT '',
  `uname` char(36) NOT NULL DEFAULT '',
  `email` char(50) NOT NULL DEFAULT '',
  `jointime` int(10) unsigned NOT NULL DEFAULT '0',
  `spacesta` smallint(6) NOT NULL DEFAULT '0',
  PRIMARY KEY (`mid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_member` VALUES (1,'个人','reader1','23d146c77396332e3c95f3e051fa8185','读者一','r1@example.cn',1546300800,2),(2,'个人','admin','21232f297a57a5a743894a0e4a801fc3','管理员','',1546300800,2);

CREATE TABLE `dede_uploads` (
  `aid` mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  `arcid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `title` char(60) NOT NULL DEFAULT '',
  `url` char(80) NOT NULL DEFAULT '',
  `mediatype` smallint(6) NOT NULL DEFAULT '1',
  PRIMARY KEY (`aid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_uploads` VALUES (1,11,'题图','/uploads/allimg/190828/1-1ZP1.jpg',1);

CREATE TABLE `dede_feedback` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `aid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `typeid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `username` char(20) NOT NULL DEFAULT '',
  `arctitle` varchar(60) NOT NULL DEFAULT '',
  `ip` char(15) NOT NULL DEFAULT '',
  `ischeck` smallint(6) NOT NULL DEFAULT '0',
  `dtime` int(10) unsigned NOT NULL DEFAULT '0',
  `mid` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `msg` text,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `dede_feedback` VALUES
(1,11,1,'匿名','民法典婚姻家庭编解读','10.1.1.1',1,1566970000,0,'很有用'),
(2,11,1,'reader1','民法典婚姻家庭编解读','10.1.1.2',0,1566980000,1,'待审评论<br/>第二行'),
(3,16,77,'匿名','栏目不存在','10.1.1.3',1,1566990000,0,'文章未迁移的评论');
