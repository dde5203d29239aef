#!/bin/sh
# Reads /srv/secgi/data/NAME.txt for the query NAME; the kernel decides.
printf 'Content-Type: text/plain\r\n\r\n'
printf 'context=%s\n' "$(tr -d '\0' </proc/self/attr/current)"
case $QUERY_STRING in
  *[!a-z]* | '') echo 'read=bad-query'; exit 0 ;;
esac
if cat "/srv/secgi/data/$QUERY_STRING.txt" >/dev/null 2>&1; then
  echo 'read=ok'
else
  echo 'read=denied'
fi
