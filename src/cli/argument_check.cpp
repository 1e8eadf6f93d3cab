#include "cli/argument_check.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/spelling.hpp"

namespace ridgeline::cli {
namespace {

// "-x" or "--name[=value]" as opposed to a value: "-" (standard output), "-1" and "-.5"
// (numbers, which CLI11 also takes as values) are values.
bool looks_like_option(const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  if (arg[1] == '-') return arg.size() > 2;
  return !std::isdigit(static_cast<unsigned char>(arg[1])) && arg[1] != '.';
}

// "--suite=quick" -> "--suite"; "-suite" stays whole, so the message names what was typed.
std::string option_name(const std::string& arg) { return arg.substr(0, arg.find('=')); }

// CLI11 reads "-hv" as -h -v and "-x5" as -x 5: a single-dash token is known when its
// first letter is.
std::string name_to_check(const std::string& name) {
  return name[1] == '-' ? name : name.substr(0, 2);
}

std::vector<std::string> long_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options())
    for (const auto& name : opt->get_lnames()) names.push_back(name);
  return names;
}

bool knows_option(const CLI::App& app, const std::string& name) {
  for (const CLI::Option* opt : app.get_options())
    if (opt->check_name(name_to_check(name))) return true;
  return false;
}

// "; did you mean --suite?" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& known,
                         const std::string& prefix) {
  auto meant = likely_meant(word, known);
  if (meant.empty()) return {};
  for (auto& m : meant) m = prefix + m;
  return fmt::format("; did you mean {}?", one_of(meant));
}

std::string unknown_option(const CLI::App& app, const std::string& name) {
  const auto letters = name.find_first_not_of('-');  // npos for "---"
  const std::string bare = letters == std::string::npos ? "" : name.substr(letters);
  return fmt::format("unknown option '{}'{}", name, did_you_mean(bare, long_names(app), "--"));
}

}  // namespace

const CLI::App* find_subcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->check_name(name)) return sub;
  return nullptr;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

std::optional<ArgumentProblem> find_unknown_argument(const CLI::App& app,
                                                     std::span<const std::string> args,
                                                     std::span<const std::string> pseudo_commands) {
  if (args.empty()) return std::nullopt;
  const std::string& first = args.front();
  if (looks_like_option(first)) {
    if (knows_option(app, option_name(first))) return std::nullopt;
    return ArgumentProblem{unknown_option(app, option_name(first)), ""};
  }
  for (const auto& pseudo : pseudo_commands)
    if (first == pseudo) return std::nullopt;
  const CLI::App* sub = find_subcommand(app, first);
  if (!sub) {
    std::vector<std::string> known = subcommand_names(app);
    known.insert(known.end(), pseudo_commands.begin(), pseudo_commands.end());
    return ArgumentProblem{
        fmt::format("unknown command '{}'{}", first, did_you_mean(first, known, "")), ""};
  }
  for (const std::string& arg : args.subspan(1)) {
    if (arg == "--") break;  // what follows is positional, whatever it looks like
    if (looks_like_option(arg) && !knows_option(*sub, option_name(arg)))
      return ArgumentProblem{unknown_option(*sub, option_name(arg)), sub->get_name()};
  }
  return std::nullopt;
}

}  // namespace ridgeline::cli
