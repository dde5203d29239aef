# Web users of the guest, sourced by the guest script on the host (to make
# the htpasswd file) and by guest-lib.sh in the guest (for curl -u).
# They are test accounts, so the passwords are not secrets.
ALICE_PASSWORD=alice-test-password
BOB_PASSWORD=bob-test-password
