// Runs PROGRAM COUNT times, the way a CGI server would: fork, execve with
// the caller's environment, collect stdout and stderr, wait. Prints one
// line per run: the wall time from fork to the end of waitpid in
// nanoseconds, whether stdout contains EXPECTED, and the stderr line of a
// timing build (see timing/marks.c), which gets the exec time as argv[1].
//
//   exec-bench COUNT EXPECTED PROGRAM
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

enum { kOutputSize = 65536 };

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// Reads both pipes to end of file into OUT and ERR, each NUL-terminated.
static void drain(int out_fd, int err_fd, char* out, char* err) {
  struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  char* buffers[2] = {out, err};
  size_t used[2] = {0, 0};
  int open_count = 2;
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      perror("exec-bench: poll");
      exit(2);
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char* dst = buffers[i] + used[i];
      size_t room = kOutputSize - 1 - used[i];
      char discard[4096];
      ssize_t n = room > 0 ? read(fds[i].fd, dst, room)
                           : read(fds[i].fd, discard, sizeof discard);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      } else if (room > 0) {
        used[i] += (size_t)n;
      }
    }
  }
  out[used[0]] = '\0';
  err[used[1]] = '\0';
}

static uint64_t run_once(const char* program, char* out, char* err,
                         int* status) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    perror("exec-bench: pipe2");
    exit(2);
  }
  uint64_t start = now_ns();
  pid_t pid = fork();
  if (pid < 0) {
    perror("exec-bench: fork");
    exit(2);
  }
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    char exec_time[32];
    snprintf(exec_time, sizeof exec_time, "%llu",
             (unsigned long long)now_ns());
    char* argv[] = {(char*)program, exec_time, NULL};
    execve(program, argv, environ);
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  drain(out_pipe[0], err_pipe[0], out, err);
  waitpid(pid, status, 0);
  return now_ns() - start;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fputs("usage: exec-bench COUNT EXPECTED PROGRAM\n", stderr);
    return 2;
  }
  long count = strtol(argv[1], NULL, 10);
  const char* expected = argv[2];
  const char* program = argv[3];
  static char out[kOutputSize], err[kOutputSize];
  int failures = 0;
  for (long i = 0; i < count; ++i) {
    int status = 0;
    uint64_t wall = run_once(program, out, err, &status);
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
             strstr(out, expected) != NULL;
    const char* timing = strstr(err, "secgi-timing ");
    if (timing) {
      size_t len = strcspn(timing, "\n");
      printf("wall=%llu ok=%d %.*s\n", (unsigned long long)wall, ok,
             (int)len, timing);
    } else {
      printf("wall=%llu ok=%d\n", (unsigned long long)wall, ok);
    }
    if (!ok && failures++ == 0) {
      fprintf(stderr, "exec-bench: %s failed (status %d); stdout: %.200s"
              "; stderr: %.400s\n", program, status, out, err);
    }
  }
  return failures == 0 ? 0 : 1;
}
