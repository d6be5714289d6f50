<?php

return [

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
    ],

    'stripe' => [
        'key' => env('STRIPE_KEY'),
        'secret' => env('STRIPE_SECRET', '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'),
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => 'xoxb-68221614405-8579536487654-iDuAtg0Jn7G62UoyY4gazh8p',
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL'),
        ],
    ],

    'gitlab' => [
        'client_id' => env('GITLAB_CLIENT_ID'),
        'token' => 'glpat-r-8mPjPMWXrKfCZM7qCm',
    ],

];
