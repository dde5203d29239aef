// The trivial CGI of the benchmarks: one header and one line of body,
// written with a single write(2). Linked statically so that its own
// start-up is the same small cost behind every variant.
#include <unistd.h>

int main(void) {
  static const char reply[] = "Content-Type: text/plain\r\n\r\nhello\n";
  ssize_t n = write(STDOUT_FILENO, reply, sizeof reply - 1);
  return n == (ssize_t)(sizeof reply - 1) ? 0 : 1;
}
