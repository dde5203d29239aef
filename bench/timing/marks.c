// Timestamps for the bench-only timing builds of secgi-wrap. The link
// redirects chosen functions to trampolines (ld --wrap, trampolines from
// gen-trampolines) that call secgi_bench_mark() with the function's id
// and then jump to the real function, so the wrapper's sources stay
// unchanged. Never linked into a program that is installed.
//
// argv[1], when present, is the CLOCK_MONOTONIC time in nanoseconds at
// which the caller entered execve; secgi-wrap ignores its arguments. The
// report is one line on stderr, written just before the execveat that
// starts the script, or at exit when the wrapper refused:
//   secgi-timing end=execveat|exit exec=NS ctor=NS NAME=NS ... hwm_kib=N
// Times are nanoseconds since the exec, or since the first constructor
// when argv[1] is missing (exec=- then).
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// From the generated trampolines: one name per id, and the id of
// syscall(2) (or a value no mark has when syscall is not redirected).
extern const char* const secgi_bench_names[];
extern const unsigned secgi_bench_syscall_id;

enum { kMaxMarks = 512, kReportSize = 32768 };

struct mark {
  unsigned id;
  uint64_t ns;
};

static struct mark marks[kMaxMarks];
static unsigned mark_count;
static uint64_t exec_ns;
static uint64_t ctor_ns;
static int reported;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// Returns the VmHWM line of /proc/self/status in KiB, or -1.
static long peak_rss_kib(void) {
  char text[4096];
  int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return -1;
  text[n] = '\0';
  const char* line = strstr(text, "VmHWM:");
  return line ? strtol(line + 6, NULL, 10) : -1;
}

static void report(const char* end) {
  if (reported) return;
  reported = 1;
  static char out[kReportSize];
  uint64_t base = exec_ns ? exec_ns : ctor_ns;
  int len = snprintf(out, sizeof out, "secgi-timing end=%s", end);
  if (exec_ns) {
    len += snprintf(out + len, sizeof out - len, " exec=0");
  } else {
    len += snprintf(out + len, sizeof out - len, " exec=-");
  }
  len += snprintf(out + len, sizeof out - len, " ctor=%llu",
                  (unsigned long long)(ctor_ns - base));
  for (unsigned i = 0; i < mark_count && len < kReportSize - 256; ++i) {
    len += snprintf(out + len, sizeof out - len, " %s=%llu",
                    secgi_bench_names[marks[i].id],
                    (unsigned long long)(marks[i].ns - base));
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  len += snprintf(out + len, sizeof out - len, " hwm_kib=%ld maxrss_kib=%ld\n",
                  peak_rss_kib(), usage.ru_maxrss);
  ssize_t ignored = write(STDERR_FILENO, out, (size_t)len);
  (void)ignored;
}

static void report_at_exit(void) { report("exit"); }

// glibc (2.36 here) passes argc, argv and envp to initializers; both the
// static and the dynamic timing builds read argv[1] this way.
__attribute__((constructor(101))) static void start_timing(int argc,
                                                           char** argv) {
  ctor_ns = now_ns();
  if (argc > 1) exec_ns = strtoull(argv[1], NULL, 10);
  atexit(report_at_exit);
}

// Called by every trampoline; FIRST_ARG is the function's first integer
// argument, which for syscall(2) is the system call number.
void secgi_bench_mark(unsigned id, unsigned long first_arg) {
  uint64_t ns = now_ns();
  if (mark_count < kMaxMarks) {
    marks[mark_count].id = id;
    marks[mark_count].ns = ns;
    ++mark_count;
  }
  if (id == secgi_bench_syscall_id && first_arg == SYS_execveat) {
    report("execveat");
  }
}
