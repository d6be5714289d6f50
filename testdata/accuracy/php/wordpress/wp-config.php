<?php
/**
 * WordPress configuration for blog.acme.io.
 */

// ** Database settings ** //
define( 'DB_NAME', 'acme_blog' );
define( 'DB_USER', 'wp_acme' );
define( 'DB_PASSWORD', 's0vNCSB-PIdKmisZd4Z' );
define( 'DB_HOST', 'blog-db.acme-internal.net' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 */
define( 'AUTH_KEY',         '-+Wev6)[X79f.r^AALzt:eE.>9w_|,5.*dn#y?26&;pHGI2B~YH~]*Q+9p#e^+zy' );
define( 'SECURE_AUTH_KEY',  'LjVP/v?kwM6e,:mYj[B)+^Ky}C[x}i)mj{#wXou>H*<Ei%*g6df/~m3LU1Y0Mp/%' );
define( 'LOGGED_IN_KEY',    ';kSAP3n*x{P~{FY#J,Vp*}VRn%1~rf_GC7-TiRlwQLJ5wIP[ox!0FSbgGIR-cQ!!' );
define( 'NONCE_KEY',        '_|{AB7nBK_QzqqO~HGtBM#m%*/7hu}aYTZ<m[84(H{dq*ecJcyV!df^hr!_EatX{' );
/**#@-*/

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );
define( 'SMTP_PASS', 'put your unique phrase here' );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
