#include "log.h"

#include <syslog.h>

namespace secgi {

namespace {

bool is_plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || std::string_view("._:/@,+-~%?").find(c) !=
                                       std::string_view::npos;
}

void append_escaped(std::string& out, unsigned char c) {
  static const char hex[] = "0123456789abcdef";
  if (c == '"' || c == '\\') {
    out += '\\';
    out += static_cast<char>(c);
  } else if (c < 0x20 || c >= 0x7f) {
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 0xf];
  } else {
    out += static_cast<char>(c);
  }
}

void append_pair(std::string& out, std::string_view key, std::string_view value) {
  if (!out.empty()) out += ' ';
  out += key;
  out += '=';
  out += escape_value(value);
}

}  // namespace

std::string escape_value(std::string_view value) {
  bool cut = value.size() > kMaxLoggedValue;
  if (cut) value = value.substr(0, kMaxLoggedValue);
  bool plain = !value.empty() && !cut;
  for (unsigned char c : value) plain = plain && is_plain(c);
  if (plain) return std::string(value);

  std::string out = "\"";
  for (unsigned char c : value) append_escaped(out, c);
  if (cut) out += "...";
  out += '"';
  return out;
}

std::string format_decision(const Decision& d) {
  std::string out;
  append_pair(out, "result", d.result);
  append_pair(out, "user", d.user);
  append_pair(out, "canonical", d.canonical);
  append_pair(out, "script", d.script);
  append_pair(out, "entry", d.entry);
  append_pair(out, "context", d.context);
  append_pair(out, "dropped_env", std::to_string(d.dropped_variables));
  if (d.suppressed > 0) {
    append_pair(out, "suppressed", std::to_string(d.suppressed));
  }
  append_pair(out, "reason", d.reason);
  return out;
}

void open_log() { openlog("secgi-wrap", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV); }

void close_log() { closelog(); }

void log_decision(const Decision& decision) {
  int priority = decision.result == "allowed" ? LOG_INFO : LOG_NOTICE;
  syslog(priority, "%s", format_decision(decision).c_str());
}

void log_notice(std::string_view message) {
  std::string line = "warning=" + escape_value(message);
  syslog(LOG_WARNING, "%s", line.c_str());
}

}  // namespace secgi
