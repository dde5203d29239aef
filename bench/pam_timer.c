// Runs PROGRAM COUNT times with the caller's environment, its stdout and
// stderr on /dev/null, and prints one line per run with two times in
// nanoseconds. The wall time runs from fork to the end of wait4(). The
// CPU time (user plus system) is what wait4() reports for the child and
// the children it waited for, and varies far less on a busy machine.
// Exits with 1 after the first run that does not exit with status 0.
//
//   pam-timer COUNT PROGRAM
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t timeval_ns(struct timeval tv) {
  return (uint64_t)tv.tv_sec * 1000000000u + (uint64_t)tv.tv_usec * 1000u;
}

// Runs PROGRAM once, sets WALL and CPU and returns its wait status.
static int run_once(const char* program, uint64_t* wall, uint64_t* cpu) {
  uint64_t start = now_ns();
  pid_t pid = fork();
  if (pid < 0) {
    perror("pam-timer: fork");
    exit(2);
  }
  if (pid == 0) {
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd < 0 || dup2(null_fd, STDOUT_FILENO) < 0 ||
        dup2(null_fd, STDERR_FILENO) < 0) {
      _exit(126);
    }
    char* argv[] = {(char*)program, NULL};
    execve(program, argv, environ);
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) != pid) {
    perror("pam-timer: wait4");
    exit(2);
  }
  *wall = now_ns() - start;
  *cpu = timeval_ns(usage.ru_utime) + timeval_ns(usage.ru_stime);
  return status;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fputs("usage: pam-timer COUNT PROGRAM\n", stderr);
    return 2;
  }
  long count = strtol(argv[1], NULL, 10);
  for (long i = 0; i < count; ++i) {
    uint64_t wall = 0, cpu = 0;
    int status = run_once(argv[2], &wall, &cpu);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "pam-timer: %s failed (wait status %d)\n", argv[2],
              status);
      return 1;
    }
    printf("wall=%llu cpu=%llu\n", (unsigned long long)wall,
           (unsigned long long)cpu);
  }
  return 0;
}
