<?php
session_set_cookie_params(0, '/', '', false, false);
session_name('LEGACYSESSID');
session_start();

if (!isset($_COOKIE['SID'])) {
    header('Set-Cookie: SID=' . session_id() . '; path=/');
}
