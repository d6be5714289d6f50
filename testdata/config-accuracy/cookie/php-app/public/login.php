<?php
require __DIR__ . '/../bootstrap.php';

function start_user_session(array $user, string $token): void
{
    setcookie('session', $token, [
        'expires' => time() + 3600,
        'path' => '/',
        'secure' => true,
        'httponly' => true,
        'samesite' => 'Lax',
    ]);
}

function legacy_login(string $token): void
{
    setcookie('auth', $token, time() + 3600, '/');
    setcookie('remember_me', $token, time() + 86400 * 30, '/', '', false, true);
}

if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    $user = $users->findByEmail($_POST['email'] ?? '');
    if ($user && password_verify($_POST['password'] ?? '', $user['password_hash'])) {
        $token = bin2hex(random_bytes(32));
        $sessions->store($token, $user['id']);
        start_user_session($user, $token);
        setcookie('lang', $_POST['lang'] ?? 'en', time() + 86400 * 365, '/');
        header('Location: /dashboard.php');
        exit;
    }
}
