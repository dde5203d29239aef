/* getspnam_r() for the integration tests, preloaded after nss_wrapper.
 * nss_wrapper 1.1.12 wraps getspnam() (NSS_WRAPPER_SHADOW) but not
 * getspnam_r(), which pam_unix calls through pam_modutil_getspnam(), so
 * pam_unix would read the host's /etc/shadow. This copies the entry that
 * nss_wrapper's getspnam() returns into the caller's buffer. */
#include <errno.h>
#include <shadow.h>
#include <string.h>

/* Copies TEXT into *BUFFER and advances it past the copy. Returns NULL
 * when the *LEFT bytes that remain are too few. */
static char *copy_field(const char *text, char **buffer, size_t *left) {
  size_t size;
  char *out;
  if (text == NULL) return NULL;
  size = strlen(text) + 1;
  if (size > *left) return NULL;
  out = memcpy(*buffer, text, size);
  *buffer += size;
  *left -= size;
  return out;
}

int getspnam_r(const char *name, struct spwd *entry, char *buffer,
               size_t size, struct spwd **result) {
  struct spwd *found;
  *result = NULL;
  errno = 0;
  found = getspnam(name);
  if (found == NULL) return errno == ENOENT ? 0 : errno;
  *entry = *found;
  entry->sp_namp = copy_field(found->sp_namp, &buffer, &size);
  entry->sp_pwdp = copy_field(found->sp_pwdp, &buffer, &size);
  if (entry->sp_namp == NULL || entry->sp_pwdp == NULL) return ERANGE;
  *result = entry;
  return 0;
}
