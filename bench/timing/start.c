// A program that does nothing: linked with marks.c, its report gives the
// time from execve to its first constructor, static or dynamic.
#include <unistd.h>

int main(void) { return getpid() > 0 ? 0 : 1; }
