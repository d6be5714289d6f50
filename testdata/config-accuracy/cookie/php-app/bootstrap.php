<?php
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

ini_set('session.cookie_httponly', '0');
ini_set('session.cookie_secure', 'Off');
ini_set('session.use_strict_mode', '1');
session_start();
