<?php

return [
    'driver' => 'file',
    'lifetime' => 120,
    'expire_on_close' => false,
    'encrypt' => false,
    'cookie' => 'legacy_session',
    'path' => '/',
    'domain' => null,
    'secure' => false,
    'http_only' => false,
    'same_site' => 'none',
];
