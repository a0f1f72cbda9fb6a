-- EmpireCMS 8.0 fixture. Differences from 7.5 that the reader must handle (column sets):
-- `diggtop` lives in the data table (not the main table), members have no `rnd` column,
-- administrators have `salt2` and no `rnd`, and the comment table has no `pubid`.
SET NAMES utf8mb4;

CREATE TABLE `phome_enewsclass` (
  `classid` smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  `bclassid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `classname` varchar(50) NOT NULL DEFAULT '',
  `classpath` varchar(200) NOT NULL DEFAULT '',
  `myorder` smallint(6) NOT NULL DEFAULT '0',
  `tbname` varchar(60) NOT NULL DEFAULT '',
  `filetype` varchar(10) NOT NULL DEFAULT '',
  PRIMARY KEY (`classid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsclass` VALUES
(10,0,'司法动态','news/sfdt',1,'news','.html'),
(11,10,'审判','news/sfdt/sp',1,'news','.html');

CREATE TABLE `phome_ecms_news` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `classid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `onclick` int(10) unsigned NOT NULL DEFAULT '0',
  `plnum` mediumint(8) unsigned NOT NULL DEFAULT '0',
  `newspath` char(20) NOT NULL DEFAULT '',
  `filename` char(36) NOT NULL DEFAULT '',
  `username` char(20) NOT NULL DEFAULT '',
  `stb` tinyint(3) unsigned NOT NULL DEFAULT '1',
  `restb` tinyint(3) unsigned NOT NULL DEFAULT '1',
  `keyboard` char(80) NOT NULL DEFAULT '',
  `title` varchar(100) NOT NULL DEFAULT '',
  `newstime` int(10) unsigned NOT NULL DEFAULT '0',
  `titlepic` varchar(120) NOT NULL DEFAULT '',
  `ftitle` varchar(120) NOT NULL DEFAULT '',
  `smalltext` varchar(255) NOT NULL DEFAULT '',
  `ispic` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_ecms_news` (`id`,`classid`,`onclick`,`plnum`,`newspath`,`filename`,`username`,`stb`,`restb`,`keyboard`,`title`,`newstime`,`smalltext`) VALUES
(101,11,300,1,'2023/0315','101','admin',2,1,'审判 公开','某中院公开审理一起合同纠纷案',1678852800,'庭审全程网络直播。'),
(102,10,20,0,'2023/0316','102','admin',2,1,'','司法公开白皮书发布',1678939200,'');

CREATE TABLE `phome_ecms_news_data_2` (
  `id` int(10) unsigned NOT NULL DEFAULT '0',
  `classid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `writer` varchar(30) NOT NULL DEFAULT '',
  `befrom` varchar(60) NOT NULL DEFAULT '',
  `diggtop` int(11) NOT NULL DEFAULT '0',
  `newstext` mediumtext NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_ecms_news_data_2` VALUES
(101,11,'记者 赵六','人民法院报',42,'<p>上午九时开庭。</p>[!--empirenews.page--]<p>下午宣判。</p>'),
(102,10,'','本网',3,'<p>白皮书全文。</p>');

CREATE TABLE `phome_ecms_news_check` LIKE `phome_ecms_news`;
INSERT INTO `phome_ecms_news_check` (`id`,`classid`,`newspath`,`filename`,`username`,`stb`,`title`,`newstime`) VALUES
(103,10,'2023/0317','103','editor',2,'待审：执行工作新举措',1679025600);
CREATE TABLE `phome_ecms_news_check_data` LIKE `phome_ecms_news_data_2`;
INSERT INTO `phome_ecms_news_check_data` VALUES (103,10,'钱七','本网',0,'<p>待审正文。</p>');

CREATE TABLE `phome_enewsmember` (
  `userid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` char(30) NOT NULL DEFAULT '',
  `password` char(32) NOT NULL DEFAULT '',
  `email` char(80) NOT NULL DEFAULT '',
  `registertime` int(10) unsigned NOT NULL DEFAULT '0',
  `groupid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `checked` tinyint(1) NOT NULL DEFAULT '0',
  `salt` char(10) NOT NULL DEFAULT '',
  `userkey` char(12) NOT NULL DEFAULT '',
  PRIMARY KEY (`userid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsmember` VALUES
(7,'wangwu','063b0f2ce28bcd23a4ab35b0180edc4c','wangwu@example.cn',1672531200,1,1,'Zq81kd','k');
CREATE TABLE `phome_enewsmemberadd` (
  `userid` int(10) unsigned NOT NULL DEFAULT '0',
  `truename` varchar(20) NOT NULL DEFAULT '',
  PRIMARY KEY (`userid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsmemberadd` VALUES (7,'王五');

CREATE TABLE `phome_enewsuser` (
  `userid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(30) NOT NULL DEFAULT '',
  `password` varchar(32) NOT NULL DEFAULT '',
  `salt` varchar(20) NOT NULL DEFAULT '',
  `salt2` varchar(40) NOT NULL DEFAULT '',
  `truename` varchar(20) NOT NULL DEFAULT '',
  `email` varchar(120) NOT NULL DEFAULT '',
  `checked` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`userid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewsuser` VALUES (1,'admin','0123456789abcdef0123456789abcdef','s','s2','管理员','admin@example.cn',0);

CREATE TABLE `phome_enewsfile_1` (
  `fileid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `filename` char(60) NOT NULL DEFAULT '',
  `path` char(20) NOT NULL DEFAULT '',
  `no` char(60) NOT NULL DEFAULT '',
  `type` tinyint(1) NOT NULL DEFAULT '0',
  `id` int(10) unsigned NOT NULL DEFAULT '0',
  `classid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `fpath` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`fileid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `phome_enewspl_1` (
  `plid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(30) NOT NULL DEFAULT '',
  `sayip` varchar(40) NOT NULL DEFAULT '',
  `saytime` int(10) unsigned NOT NULL DEFAULT '0',
  `id` int(10) unsigned NOT NULL DEFAULT '0',
  `classid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `checked` tinyint(1) NOT NULL DEFAULT '0',
  `userid` int(10) unsigned NOT NULL DEFAULT '0',
  `saytext` text NOT NULL,
  PRIMARY KEY (`plid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `phome_enewspl_1` VALUES (1,'wangwu','::1',1678860000,101,11,0,7,'支持公开审判[~e.hh~]');
