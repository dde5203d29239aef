// The bare exec wrapper: the least an Action handler can do. It executes
// the script named by PATH_TRANSLATED with the environment it received
// and checks nothing, so it is the floor for the cost of any wrapper
// wired like secgi-wrap.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern char** environ;

int main(void) {
  char* script = getenv("PATH_TRANSLATED");
  if (script == NULL) {
    fputs("bare-wrap: PATH_TRANSLATED is not set\n", stderr);
    return 1;
  }
  char* argv[] = {script, NULL};
  execve(script, argv, environ);
  perror("bare-wrap: execve");
  return 1;
}
