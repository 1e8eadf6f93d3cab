#include "results/result_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "results/gbench_json.hpp"
#include "results/result_json.hpp"

namespace ridgeline {

std::string_view to_string(LoadError::Kind k) {
  switch (k) {
    case LoadError::Kind::unreadable:
      return "unreadable";
    case LoadError::Kind::invalid:
      return "invalid";
    case LoadError::Kind::not_comparable:
      return "not_comparable";
  }
  return "unknown";
}

namespace {

using nlohmann::json;

// Messages end up on one terminal line even when the file name or a quoted value does not.
LoadError error(LoadError::Kind kind, std::string_view origin, const std::string& problem) {
  std::string message = std::string(origin) + ": " + problem;
  for (char& ch : message)
    if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
  return {kind, std::move(message)};
}

LoadError invalid(std::string_view origin, const std::string& problem) {
  return error(LoadError::Kind::invalid, origin, problem);
}

LoadError not_comparable(std::string_view origin, const std::string& problem) {
  return error(LoadError::Kind::not_comparable, origin, problem);
}

// What a cheap pass over the text finds before the parser sees it.
struct Prescan {
  std::optional<std::size_t> too_deep_at;  // byte offset of the bracket past kMaxJsonDepth
  struct Span {
    std::size_t begin, size;
  };
  std::vector<Span> non_finite;  // bare NaN, Infinity, -Infinity outside strings
};

bool is_word_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

bool word_at(std::string_view text, std::size_t i, std::string_view word) {
  return text.substr(i, word.size()) == word &&
         (i + word.size() >= text.size() || !is_word_char(text[i + word.size()]));
}

Prescan prescan(std::string_view text) {
  Prescan out;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      if (ch == '\\')
        ++i;  // the escaped character cannot end the string
      else if (ch == '"')
        in_string = false;
      continue;
    }
    if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > kMaxJsonDepth) {
        out.too_deep_at = i;
        return out;
      }
    } else if (ch == ']' || ch == '}') {
      --depth;
    } else if (word_at(text, i, "NaN")) {
      out.non_finite.push_back({i, 3});
      i += 2;
    } else if (word_at(text, i, "Infinity")) {
      const bool negative = i > 0 && text[i - 1] == '-';
      out.non_finite.push_back({negative ? i - 1 : i, negative ? 9u : 8u});
      i += 7;
    } else if (is_word_char(ch)) {
      while (i + 1 < text.size() && is_word_char(text[i + 1])) ++i;  // true, false, null, junk
    }
  }
  return out;
}

std::string with_nulls(std::string_view text, const std::vector<Prescan::Span>& spans) {
  std::string out;
  out.reserve(text.size() + spans.size());
  std::size_t at = 0;
  for (const auto& s : spans) {
    out.append(text.substr(at, s.begin - at));
    out.append("null");
    at = s.begin + s.size;
  }
  out.append(text.substr(at));
  return out;
}

// `parsed_size`: the parser stopping at the very end means the text was cut short.
// nlohmann's messages start with "[json.exception.<id>] ", which says nothing to a user.
std::string json_message(const json::exception& e) {
  const std::string what = e.what();
  const auto end = what.find("] ");
  return what.rfind("[json.exception.", 0) == 0 && end != std::string::npos ? what.substr(end + 2)
                                                                            : what;
}

LoadError parse_failure(std::string_view origin, const json::parse_error& e,
                        std::size_t parsed_size) {
  std::string detail = e.what();
  // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
  if (const auto colon = detail.find(": "); colon != std::string::npos)
    detail = detail.substr(colon + 2);
  const std::string at = "byte " + std::to_string(e.byte);
  if (e.byte >= parsed_size || detail.find("unexpected end of input") != std::string::npos)
    return invalid(origin, "truncated JSON (unexpected end of input at " + at + ")");
  return invalid(origin, "not JSON (parse error at " + at + ": " + detail + ")");
}

std::optional<int> semver_major(const std::string& version) {
  std::size_t digits = 0;
  while (digits < version.size() && version[digits] >= '0' && version[digits] <= '9') ++digits;
  if (digits == 0 || digits > 6 || (digits < version.size() && version[digits] != '.'))
    return std::nullopt;
  return std::stoi(version.substr(0, digits));
}

std::optional<LoadError> check_context(const json& doc, std::string_view origin) {
  const auto context = doc.find("context");
  if (context == doc.end()) return std::nullopt;
  if (!context->is_object()) return invalid(origin, "context must be an object");
  const auto version = context->find("json_schema_version");
  if (version == context->end()) return std::nullopt;  // GB before 1.6 wrote none
  if (!version->is_number_integer())
    return invalid(origin, "context.json_schema_version must be an integer");
  if (*version != kGbenchJsonSchemaVersion)
    return not_comparable(origin, "context.json_schema_version " + version->dump() +
                                      " is not readable by this version (reads " +
                                      std::to_string(kGbenchJsonSchemaVersion) + ")");
  return std::nullopt;
}

LoadResult read_ridgeline(const json& r, std::string_view origin, const Prescan& scan) {
  if (!r.is_object()) return invalid(origin, "ridgeline must be an object");
  // Version and kind first: a newer file is "not comparable" even if its fields differ.
  const auto version = r.find("schema_version");
  if (version == r.end()) return invalid(origin, "ridgeline.schema_version is missing");
  if (!version->is_string()) return invalid(origin, "ridgeline.schema_version must be a string");
  const auto major = semver_major(version->get<std::string>());
  if (!major)
    return invalid(origin,
                   "ridgeline.schema_version " + version->dump() + " is not a semantic version");
  if (*major != kResultSchemaMajor)
    return not_comparable(origin, "ridgeline.schema_version " + version->get<std::string>() +
                                      " is not readable by this version (major " +
                                      std::to_string(kResultSchemaMajor) + ")");
  const auto kind = r.find("kind");
  if (kind == r.end()) return invalid(origin, "ridgeline.kind is missing");
  if (!kind->is_string()) return invalid(origin, "ridgeline.kind must be a string");
  if (*kind != "run" && *kind != "datasheet")
    return not_comparable(origin, "ridgeline.kind " + kind->dump() +
                                      " is not known to this version (run, datasheet)");
  if (!scan.non_finite.empty())
    return invalid(origin, "NaN or Infinity at byte " +
                               std::to_string(scan.non_finite.front().begin) +
                               " (ridgeline files hold only finite numbers)");
  try {
    return result_file_from_json(r, "ridgeline");
  } catch (const ResultFieldError& e) {
    return invalid(origin, e.what());
  }
}

std::string json_type_name(const json& j) { return j.type_name(); }

}  // namespace

LoadResult parse_result_text(std::string_view text, std::string_view origin) {
  if (text.size() > kMaxResultFileBytes)
    return invalid(origin, "larger than the 1 GiB limit for result files");
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return invalid(origin, "empty file (no JSON)");

  const Prescan scan = prescan(text);
  if (scan.too_deep_at)
    return invalid(origin, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                               " levels at byte " + std::to_string(*scan.too_deep_at));
  const std::string cleaned =
      scan.non_finite.empty() ? std::string() : with_nulls(text, scan.non_finite);
  const std::string_view parsed = scan.non_finite.empty() ? text : std::string_view(cleaned);
  // A ridgeline file repeats its samples in Google Benchmark's "benchmarks" array for
  // other tools; this reader never uses that copy, and building it is most of the parse
  // time of a large file. So it is dropped while parsing, and only a file without a
  // "ridgeline" key (plain Google Benchmark JSON) is parsed again in full.
  const auto skip_gbench_array = [](int depth, json::parse_event_t event, json& value) {
    return !(depth == 1 && event == json::parse_event_t::key && value == "benchmarks");
  };
  json doc;
  try {
    doc = json::parse(parsed, skip_gbench_array);
    if (doc.is_object() && !doc.contains("ridgeline")) doc = json::parse(parsed);
  } catch (const json::parse_error& e) {
    return parse_failure(origin, e, parsed.size());
  } catch (const json::exception& e) {  // e.g. a number too large for a double
    return invalid(origin, "not JSON (" + json_message(e) + ")");
  }
  if (!doc.is_object())
    return invalid(origin, "top level must be a JSON object, not " + json_type_name(doc));
  if (auto err = check_context(doc, origin)) return *err;

  try {
    if (const auto r = doc.find("ridgeline"); r != doc.end())
      return read_ridgeline(*r, origin, scan);
    if (doc.contains("benchmarks")) return result_file_from_gbench(doc);
  } catch (const ResultFieldError& e) {
    return invalid(origin, e.what());
  } catch (const json::exception& e) {  // a shape the validators did not foresee
    return invalid(origin, json_message(e));
  }
  return invalid(origin,
                 "neither a ridgeline result nor Google Benchmark JSON (no \"ridgeline\" or "
                 "\"benchmarks\" key)");
}

LoadResult load_result_file(const std::filesystem::path& path) {
  const std::string origin = path.string();
  auto unreadable = [&](const std::string& problem) {
    return error(LoadError::Kind::unreadable, origin, problem);
  };
  // O_NONBLOCK: opening a FIFO must not hang waiting for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return unreadable(std::string("cannot open (") + std::strerror(errno) + ")");
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return unreadable(std::string("cannot stat (") + std::strerror(errno) + ")");
  if (S_ISDIR(st.st_mode)) return unreadable("is a directory, not a result file");
  if (!S_ISREG(st.st_mode)) return unreadable("is not a regular file");
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > kMaxResultFileBytes)
    return invalid(origin, std::to_string(size) +
                               " bytes is larger than the 1 GiB limit for "
                               "result files");
  std::string text;
  text.resize(static_cast<std::size_t>(size));
  std::size_t got = 0;
  while (true) {
    if (got == text.size()) {
      // The file may have grown since fstat; keep reading, still within the limit.
      if (text.size() > kMaxResultFileBytes)
        return invalid(origin, "larger than the 1 GiB limit for result files");
      text.resize(text.size() + 65536);
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return unreadable(std::string("read failed (") + std::strerror(errno) + ")");
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return parse_result_text(text, origin);
}

}  // namespace ridgeline
