<?php
// Prints the context the kernel reports for php-cgi, the interpreter the
// wrapper ran, and reads /srv/secgi/data/NAME.txt for the query NAME.
header('Content-Type: text/plain');
$context = rtrim(file_get_contents('/proc/self/attr/current'), "\0\n");
printf("context=%s\n", $context);
printf("remote_user=%s\n", $_SERVER['REMOTE_USER'] ?? '');
printf("script_filename=%s\n", $_SERVER['SCRIPT_FILENAME'] ?? '');
printf("interpreter=%s\n", PHP_BINARY);
$name = $_SERVER['QUERY_STRING'] ?? '';
if (preg_match('/^[a-z]+$/', $name)) {
  $data = @file_get_contents("/srv/secgi/data/$name.txt");
  printf("read=%s\n", $data === false ? 'denied' : 'ok');
}
