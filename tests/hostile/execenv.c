/*
 * execenv USER ENVFILE PROGRAM: becomes USER with its groups, as Apache
 * does for a CGI, and executes PROGRAM with exactly the environment in
 * ENVFILE (entries separated by NUL bytes, kept as they are, duplicates
 * included). Test tool for the hostile-input suite: a shell cannot build
 * such an environment.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ENTRIES 4096
#define MAX_BYTES (4 << 20)

static char buffer[MAX_BYTES];
static char *entries[MAX_ENTRIES + 1];

static size_t read_file(const char *path) {
  FILE *file = fopen(path, "rb");
  size_t length;
  if (file == NULL) {
    perror(path);
    exit(120);
  }
  length = fread(buffer, 1, sizeof buffer - 1, file);
  fclose(file);
  return length;
}

static void split_entries(size_t length) {
  size_t count = 0, start = 0, i;
  for (i = 0; i < length; ++i) {
    if (buffer[i] != '\0') continue;
    if (count == MAX_ENTRIES) {
      fputs("execenv: too many entries\n", stderr);
      exit(120);
    }
    entries[count++] = buffer + start;
    start = i + 1;
  }
  entries[count] = NULL;
}

int main(int argc, char **argv) {
  char *args[2];
  struct passwd *user;
  if (argc != 4) {
    fputs("usage: execenv USER ENVFILE PROGRAM\n", stderr);
    return 120;
  }
  split_entries(read_file(argv[2]));
  user = getpwnam(argv[1]);
  if (user == NULL || initgroups(user->pw_name, user->pw_gid) != 0 ||
      setgid(user->pw_gid) != 0 || setuid(user->pw_uid) != 0) {
    perror("execenv: cannot become the user");
    return 120;
  }
  args[0] = argv[3];
  args[1] = NULL;
  execve(argv[3], args, entries);
  perror("execenv: cannot execute");
  return 120;
}
