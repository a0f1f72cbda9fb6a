/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: fazhi_issue8_dev75
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `phome_ecms_article`
--

DROP TABLE IF EXISTS `phome_ecms_article`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_ecms_article` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `classid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `ttid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `onclick` int(10) unsigned NOT NULL DEFAULT 0,
  `plnum` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `totaldown` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `newspath` char(20) NOT NULL DEFAULT '',
  `filename` char(36) NOT NULL DEFAULT '',
  `userid` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `username` char(20) NOT NULL DEFAULT '',
  `firsttitle` tinyint(1) NOT NULL DEFAULT 0,
  `isgood` tinyint(1) NOT NULL DEFAULT 0,
  `truetime` int(10) unsigned NOT NULL DEFAULT 0,
  `lastdotime` int(10) unsigned NOT NULL DEFAULT 0,
  `havehtml` tinyint(1) NOT NULL DEFAULT 0,
  `stb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `fstb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `restb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `keyboard` char(80) NOT NULL DEFAULT '',
  `title` varchar(100) NOT NULL DEFAULT '',
  `newstime` int(10) unsigned NOT NULL DEFAULT 0,
  `titlepic` varchar(120) NOT NULL DEFAULT '',
  `ftitle` varchar(120) NOT NULL DEFAULT '',
  `smalltext` varchar(255) NOT NULL DEFAULT '',
  `diggtop` int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_ecms_article`
--

LOCK TABLES `phome_ecms_article` WRITE;
/*!40000 ALTER TABLE `phome_ecms_article` DISABLE KEYS */;
INSERT INTO `phome_ecms_article` VALUES
(1,4,0,5,0,0,'2019-10-01','1',0,'admin',0,0,0,0,0,1,1,1,'普法','劳动合同法十问',1569888000,'','','',0);
/*!40000 ALTER TABLE `phome_ecms_article` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_ecms_article_data_1`
--

DROP TABLE IF EXISTS `phome_ecms_article_data_1`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_ecms_article_data_1` (
  `id` int(10) unsigned NOT NULL DEFAULT 0,
  `classid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `keyid` varchar(255) NOT NULL DEFAULT '',
  `dokey` tinyint(1) NOT NULL DEFAULT 0,
  `newstempid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `closepl` tinyint(1) NOT NULL DEFAULT 0,
  `infotags` varchar(80) NOT NULL DEFAULT '',
  `writer` varchar(30) NOT NULL DEFAULT '',
  `befrom` varchar(60) NOT NULL DEFAULT '',
  `newstext` mediumtext NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_ecms_article_data_1`
--

LOCK TABLES `phome_ecms_article_data_1` WRITE;
/*!40000 ALTER TABLE `phome_ecms_article_data_1` DISABLE KEYS */;
INSERT INTO `phome_ecms_article_data_1` VALUES
(1,4,'',0,0,0,'','普法办','本网','<p>问一：试用期最长多久？</p>');
/*!40000 ALTER TABLE `phome_ecms_article_data_1` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_ecms_news`
--

DROP TABLE IF EXISTS `phome_ecms_news`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_ecms_news` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `classid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `ttid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `onclick` int(10) unsigned NOT NULL DEFAULT 0,
  `plnum` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `totaldown` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `newspath` char(20) NOT NULL DEFAULT '',
  `filename` char(36) NOT NULL DEFAULT '',
  `userid` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `username` char(20) NOT NULL DEFAULT '',
  `firsttitle` tinyint(1) NOT NULL DEFAULT 0,
  `isgood` tinyint(1) NOT NULL DEFAULT 0,
  `truetime` int(10) unsigned NOT NULL DEFAULT 0,
  `lastdotime` int(10) unsigned NOT NULL DEFAULT 0,
  `havehtml` tinyint(1) NOT NULL DEFAULT 0,
  `stb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `fstb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `restb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `keyboard` char(80) NOT NULL DEFAULT '',
  `title` varchar(100) NOT NULL DEFAULT '',
  `newstime` int(10) unsigned NOT NULL DEFAULT 0,
  `titlepic` varchar(120) NOT NULL DEFAULT '',
  `ftitle` varchar(120) NOT NULL DEFAULT '',
  `smalltext` varchar(255) NOT NULL DEFAULT '',
  `diggtop` int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM AUTO_INCREMENT=6 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_ecms_news`
--

LOCK TABLES `phome_ecms_news` WRITE;
/*!40000 ALTER TABLE `phome_ecms_news` DISABLE KEYS */;
INSERT INTO `phome_ecms_news` VALUES
(1,2,0,1234,3,0,'2019-08-28','1',0,'admin',0,0,0,0,0,1,1,1,'法治政府,依法行政，调解','法治政府建设的理论与实践',1566963231,'/d/file/2019-08-28/cover.jpg','副标题一','推进法治政府建设的几点思考。',56),
(2,3,0,88,0,0,'2019-09-01','2',0,'editor',0,0,0,0,0,1,1,1,'地方','某县推进公共法律服务全覆盖',1567310400,'','','',7),
(3,1,0,10,0,0,'','report-2019',0,'admin',0,0,0,0,0,1,1,1,'','年度法治报告发布',1567400000,'','','报告全文见附件。',0),
(4,99,0,0,0,0,'2019-09-05','4',0,'admin',0,0,0,0,0,1,1,1,'','栏目已删除的文章',1567650000,'','','',0),
(5,1,0,0,0,0,'2019-09-06','5',0,'admin',0,0,0,0,0,1,1,1,'','副表缺失的文章',1567736400,'','','',0);
/*!40000 ALTER TABLE `phome_ecms_news` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_ecms_news_check`
--

DROP TABLE IF EXISTS `phome_ecms_news_check`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_ecms_news_check` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `classid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `ttid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `onclick` int(10) unsigned NOT NULL DEFAULT 0,
  `plnum` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `totaldown` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `newspath` char(20) NOT NULL DEFAULT '',
  `filename` char(36) NOT NULL DEFAULT '',
  `userid` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `username` char(20) NOT NULL DEFAULT '',
  `firsttitle` tinyint(1) NOT NULL DEFAULT 0,
  `isgood` tinyint(1) NOT NULL DEFAULT 0,
  `truetime` int(10) unsigned NOT NULL DEFAULT 0,
  `lastdotime` int(10) unsigned NOT NULL DEFAULT 0,
  `havehtml` tinyint(1) NOT NULL DEFAULT 0,
  `stb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `fstb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `restb` tinyint(3) unsigned NOT NULL DEFAULT 1,
  `keyboard` char(80) NOT NULL DEFAULT '',
  `title` varchar(100) NOT NULL DEFAULT '',
  `newstime` int(10) unsigned NOT NULL DEFAULT 0,
  `titlepic` varchar(120) NOT NULL DEFAULT '',
  `ftitle` varchar(120) NOT NULL DEFAULT '',
  `smalltext` varchar(255) NOT NULL DEFAULT '',
  `diggtop` int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_ecms_news_check`
--

LOCK TABLES `phome_ecms_news_check` WRITE;
/*!40000 ALTER TABLE `phome_ecms_news_check` DISABLE KEYS */;
INSERT INTO `phome_ecms_news_check` VALUES
(6,1,0,0,0,0,'2019-09-10','6',0,'editor',0,0,0,0,0,1,1,1,'待审','待审核的稿件',1568080000,'','','尚未审核。',0);
/*!40000 ALTER TABLE `phome_ecms_news_check` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_ecms_news_check_data`
--

DROP TABLE IF EXISTS `phome_ecms_news_check_data`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_ecms_news_check_data` (
  `id` int(10) unsigned NOT NULL DEFAULT 0,
  `classid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `keyid` varchar(255) NOT NULL DEFAULT '',
  `dokey` tinyint(1) NOT NULL DEFAULT 0,
  `newstempid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `closepl` tinyint(1) NOT NULL DEFAULT 0,
  `infotags` varchar(80) NOT NULL DEFAULT '',
  `writer` varchar(30) NOT NULL DEFAULT '',
  `befrom` varchar(60) NOT NULL DEFAULT '',
  `newstext` mediumtext NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_ecms_news_check_data`
--

LOCK TABLES `phome_ecms_news_check_data` WRITE;
/*!40000 ALTER TABLE `phome_ecms_news_check_data` DISABLE KEYS */;
INSERT INTO `phome_ecms_news_check_data` VALUES
(6,1,'',0,0,0,'','王五','本网','<p>待审核正文。</p>');
/*!40000 ALTER TABLE `phome_ecms_news_check_data` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_ecms_news_data_1`
--

DROP TABLE IF EXISTS `phome_ecms_news_data_1`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_ecms_news_data_1` (
  `id` int(10) unsigned NOT NULL DEFAULT 0,
  `classid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `keyid` varchar(255) NOT NULL DEFAULT '',
  `dokey` tinyint(1) NOT NULL DEFAULT 0,
  `newstempid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `closepl` tinyint(1) NOT NULL DEFAULT 0,
  `infotags` varchar(80) NOT NULL DEFAULT '',
  `writer` varchar(30) NOT NULL DEFAULT '',
  `befrom` varchar(60) NOT NULL DEFAULT '',
  `newstext` mediumtext NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_ecms_news_data_1`
--

LOCK TABLES `phome_ecms_news_data_1` WRITE;
/*!40000 ALTER TABLE `phome_ecms_news_data_1` DISABLE KEYS */;
INSERT INTO `phome_ecms_news_data_1` VALUES
(1,2,'',0,0,0,'','董定权','法治日报','<p style=\"text-indent:2em\" onclick=\"steal()\">第一段正文。</p><script>alert(\'x\')</script><p><img src=\"/d/file/2019-08-28/cover.jpg\" alt=\"封面\" /></p><p>第二段<a href=\"javascript:evil()\">坏链接</a>。</p>'),
(2,3,'',0,0,0,'','通讯员 李四','县司法局','<p>第一页内容。</p>[!--empirenews.page--]第二页标题[/!--empirenews.page--]<p>第二页内容，见下表：</p><table border=\"1\" style=\"width:900px\"><tr><td>项目</td><td>数量</td></tr><tr><td>法律援助</td><td>12</td></tr></table>[!--empirenews.page--]<p>第三页内容<img src=\"http://www.old-site.cn/d/file/2019-09-01/photo.png\" onerror=\"x()\"> 图文混排。</p>'),
(3,1,'',0,0,0,'','','本网','<p>下载：<a href=\"/d/file/2019-08-28/report.pdf\">年度报告</a>，缺失图片 <img src=\"/d/file/2019-08-28/missing.jpg\"></p>'),
(4,99,'',0,0,0,'','','','<p>无栏目</p>');
/*!40000 ALTER TABLE `phome_ecms_news_data_1` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_enewsclass`
--

DROP TABLE IF EXISTS `phome_enewsclass`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_enewsclass` (
  `classid` smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  `bclassid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `classname` varchar(50) NOT NULL DEFAULT '',
  `classpath` varchar(200) NOT NULL DEFAULT '',
  `myorder` smallint(6) NOT NULL DEFAULT 0,
  `tbname` varchar(60) NOT NULL DEFAULT '',
  `filetype` varchar(10) NOT NULL DEFAULT '',
  `islast` tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (`classid`)
) ENGINE=MyISAM AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_enewsclass`
--

LOCK TABLES `phome_enewsclass` WRITE;
/*!40000 ALTER TABLE `phome_enewsclass` DISABLE KEYS */;
INSERT INTO `phome_enewsclass` VALUES
(1,0,'法治要闻','fzyw',1,'news','.html',0),
(2,0,'学界之声','xjzs',2,'news','.html',1),
(3,1,'地方动态','fzyw/dfdt',1,'news','.shtml',1),
(4,0,'普法专栏','pufa',3,'article','.html',1);
/*!40000 ALTER TABLE `phome_enewsclass` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_enewsfile_1`
--

DROP TABLE IF EXISTS `phome_enewsfile_1`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_enewsfile_1` (
  `fileid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `pubid` bigint(16) unsigned NOT NULL DEFAULT 0,
  `filename` char(60) NOT NULL DEFAULT '',
  `filesize` int(10) unsigned NOT NULL DEFAULT 0,
  `path` char(20) NOT NULL DEFAULT '',
  `adduser` char(30) NOT NULL DEFAULT '',
  `filetime` int(10) unsigned NOT NULL DEFAULT 0,
  `classid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `no` char(60) NOT NULL DEFAULT '',
  `type` tinyint(1) NOT NULL DEFAULT 0,
  `onclick` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `id` int(10) unsigned NOT NULL DEFAULT 0,
  `cjid` int(10) unsigned NOT NULL DEFAULT 0,
  `fpath` tinyint(1) NOT NULL DEFAULT 0,
  `modtype` tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (`fileid`)
) ENGINE=MyISAM AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_enewsfile_1`
--

LOCK TABLES `phome_enewsfile_1` WRITE;
/*!40000 ALTER TABLE `phome_enewsfile_1` DISABLE KEYS */;
INSERT INTO `phome_enewsfile_1` VALUES
(1,0,'cover.jpg',0,'2019-08-28','',0,2,'封面图',1,0,1,0,0,0),
(2,0,'photo.png',0,'2019-09-01','',0,3,'现场照片',1,0,2,0,0,0),
(3,0,'report.pdf',0,'2019-08-28','',0,1,'年度报告',0,0,3,0,0,0),
(4,0,'missing.jpg',0,'2019-08-28','',0,1,'丢失的图',1,0,3,0,0,0);
/*!40000 ALTER TABLE `phome_enewsfile_1` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_enewsmember`
--

DROP TABLE IF EXISTS `phome_enewsmember`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_enewsmember` (
  `userid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` char(20) NOT NULL DEFAULT '',
  `password` char(32) NOT NULL DEFAULT '',
  `rnd` char(20) NOT NULL DEFAULT '',
  `email` char(50) NOT NULL DEFAULT '',
  `registertime` int(10) unsigned NOT NULL DEFAULT 0,
  `groupid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `userfen` int(10) unsigned NOT NULL DEFAULT 0,
  `checked` tinyint(1) NOT NULL DEFAULT 0,
  `salt` char(8) NOT NULL DEFAULT '',
  `userkey` char(12) NOT NULL DEFAULT '',
  PRIMARY KEY (`userid`)
) ENGINE=MyISAM AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_enewsmember`
--

LOCK TABLES `phome_enewsmember` WRITE;
/*!40000 ALTER TABLE `phome_enewsmember` DISABLE KEYS */;
INSERT INTO `phome_enewsmember` VALUES
(1,'zhangsan','f2dd4e8c95c32253fe58eea04eaad80c','r1','zhangsan@example.cn',1546300800,1,0,1,'abc123','k1'),
(2,'lisi','49d41839fb1bfd6ebcb8d1430fcd5ec5','r2','lisi@example.cn',1546387200,1,0,0,'x9y8','k2'),
(3,'','d41d8cd98f00b204e9800998ecf8427e','r3','',1546387200,1,0,1,'s','k3');
/*!40000 ALTER TABLE `phome_enewsmember` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_enewsmemberadd`
--

DROP TABLE IF EXISTS `phome_enewsmemberadd`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_enewsmemberadd` (
  `userid` int(10) unsigned NOT NULL DEFAULT 0,
  `truename` varchar(20) NOT NULL DEFAULT '',
  `phone` varchar(30) NOT NULL DEFAULT '',
  PRIMARY KEY (`userid`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_enewsmemberadd`
--

LOCK TABLES `phome_enewsmemberadd` WRITE;
/*!40000 ALTER TABLE `phome_enewsmemberadd` DISABLE KEYS */;
INSERT INTO `phome_enewsmemberadd` VALUES
(1,'张三','');
/*!40000 ALTER TABLE `phome_enewsmemberadd` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_enewspl_1`
--

DROP TABLE IF EXISTS `phome_enewspl_1`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_enewspl_1` (
  `plid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `pubid` bigint(16) NOT NULL DEFAULT 0,
  `username` varchar(20) NOT NULL DEFAULT '',
  `sayip` varchar(20) NOT NULL DEFAULT '',
  `saytime` int(10) unsigned NOT NULL DEFAULT 0,
  `id` int(10) unsigned NOT NULL DEFAULT 0,
  `classid` smallint(5) unsigned NOT NULL DEFAULT 0,
  `checked` tinyint(1) NOT NULL DEFAULT 0,
  `zcnum` smallint(6) NOT NULL DEFAULT 0,
  `fdnum` smallint(6) NOT NULL DEFAULT 0,
  `userid` int(10) unsigned NOT NULL DEFAULT 0,
  `isgood` tinyint(1) NOT NULL DEFAULT 0,
  `saytext` text NOT NULL,
  PRIMARY KEY (`plid`)
) ENGINE=MyISAM AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_enewspl_1`
--

LOCK TABLES `phome_enewspl_1` WRITE;
/*!40000 ALTER TABLE `phome_enewspl_1` DISABLE KEYS */;
INSERT INTO `phome_enewspl_1` VALUES
(1,0,'匿名','10.0.0.1',1566970000,1,2,0,0,0,0,0,'写得好[~e.wx~]'),
(2,0,'zhangsan','10.0.0.2',1566980000,1,2,0,0,0,1,0,'<div class=\"ecomment\"><span class=\"ecommentauthor\">网友 匿名 的原文：</span><br />写得好[~e.wx~]</div>同意楼上'),
(3,0,'lisi','10.0.0.3',1566990000,1,2,1,0,0,2,0,'待审核的评论'),
(4,0,'zhangsan','10.0.0.4',1567320000,2,3,0,0,0,1,0,'基层的经验值得推广[~e.hh~][~e.zz~]'),
(5,0,'匿名','unknown',1567700000,4,99,0,0,0,0,0,'栏目已删除的文章下的评论');
/*!40000 ALTER TABLE `phome_enewspl_1` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `phome_enewsuser`
--

DROP TABLE IF EXISTS `phome_enewsuser`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `phome_enewsuser` (
  `userid` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `username` varchar(30) NOT NULL DEFAULT '',
  `password` varchar(32) NOT NULL DEFAULT '',
  `rnd` varchar(20) NOT NULL DEFAULT '',
  `salt` varchar(20) NOT NULL DEFAULT '',
  `truename` varchar(20) NOT NULL DEFAULT '',
  `email` varchar(120) NOT NULL DEFAULT '',
  `checked` tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (`userid`)
) ENGINE=MyISAM AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `phome_enewsuser`
--

LOCK TABLES `phome_enewsuser` WRITE;
/*!40000 ALTER TABLE `phome_enewsuser` DISABLE KEYS */;
INSERT INTO `phome_enewsuser` VALUES
(1,'admin','0123456789abcdef0123456789abcdef','r','s','系统管理员','admin@example.cn',0),
(2,'editor','0123456789abcdef0123456789abcdef','r','s','刘编辑','editor@example.cn',0);
/*!40000 ALTER TABLE `phome_enewsuser` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed
