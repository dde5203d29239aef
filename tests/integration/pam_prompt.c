/* A PAM module for the integration tests whose account check prompts for
 * a password, as no account module should. secgi-wrap must fail the
 * request instead of replying. */
#include <security/pam_modules.h>
#include <stddef.h>
#include <stdlib.h>

int pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc,
                     const char **argv) {
  const struct pam_conv *conv = NULL;
  const struct pam_message message = {PAM_PROMPT_ECHO_OFF, "Password: "};
  const struct pam_message *messages[1] = {&message};
  struct pam_response *replies = NULL;
  int rc;
  (void)flags;
  (void)argc;
  (void)argv;
  rc = pam_get_item(pamh, PAM_CONV, (const void **)&conv);
  if (rc != PAM_SUCCESS || conv == NULL || conv->conv == NULL) {
    return PAM_CONV_ERR;
  }
  rc = conv->conv(1, messages, &replies, conv->appdata_ptr);
  if (replies != NULL) {
    free(replies[0].resp);
    free(replies);
  }
  /* A conversation function that replied would have given a password. */
  return rc == PAM_SUCCESS ? PAM_SUCCESS : PAM_CONV_ERR;
}
