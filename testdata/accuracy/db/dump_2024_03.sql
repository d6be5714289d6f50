-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: legacy-db-01    Database: billing_legacy
-- ------------------------------------------------------
/*!40101 SET NAMES utf8mb4 */;

DROP TABLE IF EXISTS `customers`;
CREATE TABLE `customers` (
  `id` int NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL,
  `password_hash` varchar(255) NOT NULL,
  `external_id` char(36) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `customers` WRITE;
INSERT INTO `customers` VALUES
(1,'violet1@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$YQR2TSGVj7zENIFcNghISQ$zDWhjcER487+4afNw+uy+eDk4B0PnkdCkDcQPNX1nVY','d126b097-fce9-462b-9934-a2dc95e11530'),
(2,'lantern2@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$KU10Oj7e1avwwiI9oqh8Nw$tCXraZHytn75upzlzQcQMr4pYSZgPMmcxhJQKNvLD5o','f5483d3c-ca30-4ffc-b816-eb71466a63b8'),
(3,'pewter3@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$LALEBuLooxZ3V6D5PrGvAg$jQe2Tx6Ev/ZUcjUtjE1FjIfciJ4bDG0Q1VtqgoZvyj8','2a1b7341-b9c7-4ce9-9e4f-568ec2a984ed'),
(4,'saffron4@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$ibP5QvBRg/ssbkLKir5tnQ$sO1oohkRtVnqPFfiP8DS3DjjQ09sMxOHlDc2sq//wzs','1b360d13-c161-413a-88ac-4f664c4f5545'),
(5,'meadow5@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$+pFH+83d6Ktj2Gou2h1g2A$tuLbFmqefL+TPmBLYJkhHNb6PywyUMrwTo3xhTYYnlk','adc7f26d-0835-4b6d-90c6-9f227d57c113'),
(6,'meadow6@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$MeXrdZI0pH3UudRbJMVShA$KFf159iFUqosf2glUdv+HOUU1Z0aTInu7GAUjdGPI6U','77c33d65-4aa1-4dd1-88ea-9c5cef15f0f6'),
(7,'pewter7@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$eZOE5fkmaNCIkqfYuIdb7A$O6943BtgaAtrscY5hiPqfhOyqfg1mu/ElnZ8lLNwyAI','caf4f562-3a87-4371-90cd-4659e8b05e98'),
(8,'meadow8@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$T4gqxo2DVH/c3onMmrQkmw$TFBJqb+MTUP1OMJrsK/SNFz6EPXipnIo4ieD3EWJ5Xk','980cfca3-14ab-4e58-9456-2d12880ad91f'),
(9,'walnut9@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$nWPZcmaOMSuV75HAvdKcUw$JckaghPamMWGRWWTNudviYBOAySn7YMV8M5Jw43nJ7k','1037098d-a347-4606-8831-10ab61a9cc60'),
(10,'walnut10@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$/fhEFzqcQvFTfgUrfOFHLQ$8p64l7gIgcALhvD/I9Udds7H5/hY5QGgfBujRNxNj+M','639efdeb-940b-42ad-8591-8483f5d18bdb'),
(11,'kestrel11@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$I8Svjf9BkQTd8JwusB4/pg$LgZ61FE1Ij3td0EFKjj+l9WMcezoX5Nss3bQdF3q3k4','d6cd721b-56a1-45d7-8cc8-b0ef1abaacdb'),
(12,'ember12@customers.acme.io','$argon2id$v=19$m=65536,t=3,p=4$DMY3rFlquU41CAzAnQrfpw$yfRS7stsVN4LW7gR7D2PhwiDMe1K7Thb8dzG6wqwj2A','557651ab-0eed-4b1c-9843-d9a9ebded802');
UNLOCK TABLES;

DROP TABLE IF EXISTS `settings`;
CREATE TABLE `settings` (`name` varchar(64) NOT NULL, `value` text, PRIMARY KEY (`name`));
LOCK TABLES `settings` WRITE;
INSERT INTO `settings` VALUES ('smtp_password','p%3Zkqorcwpv*YPnx=XL');
INSERT INTO `settings` VALUES ('payment_gateway_key','sk_live_5o8D1NyCIkpfd6xmsg0TYGFN');
INSERT INTO `settings` VALUES ('session_lifetime','7200');
UNLOCK TABLES;
