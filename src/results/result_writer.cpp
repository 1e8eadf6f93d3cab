#include "results/result_writer.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "results/gbench_json.hpp"
#include "results/result_json.hpp"

namespace ridgeline {
namespace {

using ojson = nlohmann::ordered_json;

// nlohmann would silently print NaN as null; a result file must hold only real numbers.
void require_finite(const ojson& j, const std::string& path) {
  if (j.is_number_float()) {
    const double x = j.get<double>();
    if (!std::isfinite(x))
      throw std::domain_error(path + " is " + std::to_string(x) +
                              "; result files never hold NaN or Infinity");
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items())
      require_finite(value, path.empty() ? key : path + "." + key);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      require_finite(j[i], path + "[" + std::to_string(i) + "]");
  }
}

void require_writable_shape(const ResultFile& f) {
  if (f.kind != FileKind::run && f.kind != FileKind::datasheet)
    throw std::invalid_argument("ridgeline.kind \"" + std::string(to_string(f.kind)) +
                                "\" cannot be written (run or datasheet)");
  for (std::size_t i = 0; i < f.benchmarks.size(); ++i) {
    const auto& r = f.benchmarks[i];
    if (!r.sample_cpu_seconds.empty() && r.sample_cpu_seconds.size() != r.sample_seconds.size())
      throw std::invalid_argument("ridgeline.benchmarks[" + std::to_string(i) +
                                  "].samples_cpu_seconds must be empty or pair with "
                                  "samples_seconds");
    if (!r.sample_end_seconds.empty() && r.sample_end_seconds.size() != r.sample_seconds.size())
      throw std::invalid_argument("ridgeline.benchmarks[" + std::to_string(i) +
                                  "].samples_end_seconds must be empty or pair with "
                                  "samples_seconds");
  }
}

}  // namespace

std::string serialize_result(const ResultFile& f) {
  require_writable_shape(f);
  // The source of truth is checked first, so a bad sample is named where it was stored.
  const ojson ridgeline = result_file_to_json(f);
  require_finite(ridgeline, "ridgeline");
  ojson doc = ojson::object();
  doc["context"] = gbench_context(f);
  doc["benchmarks"] = gbench_benchmarks(f);
  require_finite(doc, "");
  doc["ridgeline"] = ridgeline;
  // Invalid UTF-8 from OS strings (hostname, CPU name) must not abort a run.
  return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

ResultWriter::ResultWriter(OutputTarget target, ResultFile header)
    : target_(std::move(target)), current_(std::move(header)) {
  if (target_.rewritable()) lock_.emplace(target_.file());
  current_.run.status = RunStatus::incomplete;
  current_.run.finished_utc.clear();
  write(current_, false);
}

ResultWriter::ResultWriter(const std::filesystem::path& path, ResultFile header)
    : ResultWriter(OutputTarget(path.string()), std::move(header)) {}

void ResultWriter::append(BenchmarkRecord record) {
  if (finished_) throw std::logic_error(target_.name() + ": append after finish");
  current_.benchmarks.push_back(std::move(record));
  try {
    write(current_, false);
  } catch (...) {
    current_.benchmarks.pop_back();
    throw;
  }
}

void ResultWriter::replace(std::size_t index, BenchmarkRecord record) {
  if (finished_) throw std::logic_error(target_.name() + ": replace after finish");
  if (index >= current_.benchmarks.size())
    throw std::out_of_range(target_.name() + ": no benchmark " + std::to_string(index));
  ResultFile next = current_;
  next.benchmarks[index] = std::move(record);
  write(next, false);
  current_ = std::move(next);
}

void ResultWriter::finish(RunStatus status, std::string finished_utc,
                          const std::function<void(ResultFile&)>& complete) {
  if (finished_) throw std::logic_error(target_.name() + ": finish called twice");
  if (status == RunStatus::incomplete)
    throw std::invalid_argument(target_.name() + ": finish needs complete or interrupted");
  ResultFile next = current_;
  next.run.status = status;
  next.run.finished_utc = std::move(finished_utc);
  if (complete) complete(next);
  write(next, true);
  current_ = std::move(next);
  finished_ = true;
}

void ResultWriter::write_unfinished() {
  if (finished_) throw std::logic_error(target_.name() + ": write_unfinished after finish");
  if (!target_.rewritable()) write(current_, true);
  finished_ = true;
}

void ResultWriter::write(const ResultFile& next, bool last) {
  const std::string text = serialize_result(next);
  if (last || target_.rewritable()) target_.write(text);
}

}  // namespace ridgeline
