"""Bad input: exactly one line on stderr naming the bad token (with "did you mean" where a
known word is near), pointing at the command's --help; exit code 2; no result file."""
import os
import re
import unittest

from cli_support import SMALL, TempDir, ridgeline


def hint(command):
    return " (see ridgeline %s--help)" % (command + " " if command else "")


class OneLineErrors(unittest.TestCase):
    def assertErrorLine(self, result, message, command):
        """The whole of stderr is `ridgeline: error: <message> (see ridgeline <command> --help)`."""
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stderr, "ridgeline: error: " + message + hint(command) + "\n")
        self.assertEqual(result.stdout, "")

    def assertErrorMatches(self, result, pattern, command):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
        self.assertRegex(result.stderr, "^ridgeline: error: " + pattern + re.escape(hint(command)) + "\n$")


class Commands(OneLineErrors):
    def test_mistyped_command_suggests_the_nearest(self):
        self.assertErrorLine(ridgeline("rnu"), "unknown command 'rnu'; did you mean run?", "")
        self.assertErrorLine(ridgeline("chisp"), "unknown command 'chisp'; did you mean chips?", "")

    def test_unknown_command_far_from_every_known_one(self):
        self.assertErrorLine(ridgeline("benchmark"), "unknown command 'benchmark'", "")

    def test_mistyped_top_level_option(self):
        self.assertErrorLine(ridgeline("--verison"), "unknown option '--verison'; did you mean --version?", "")

    def test_mistyped_subcommand_option(self):
        self.assertErrorLine(ridgeline("run", "--suit", "quick"),
                             "unknown option '--suit'; did you mean --suite?", "run")
        self.assertErrorLine(ridgeline("roofline", "chip:h20", "--otu", "r.svg"),
                             "unknown option '--otu'; did you mean --out?", "roofline")

    def test_unknown_option(self):
        self.assertErrorLine(ridgeline("run", "--bogus"), "unknown option '--bogus'", "run")

    def test_no_command(self):
        self.assertErrorLine(ridgeline(), "no command given; expected one of run, list, devices, roofline, "
                             "project, compare, show, chips or fleet, or help", "")

    def test_help_for_an_unknown_command(self):
        self.assertErrorLine(ridgeline("help", "rnu"), "help 'rnu': no such command; did you mean run?", "")

    def test_missing_required_option_names_it(self):
        self.assertErrorLine(ridgeline("roofline", "chip:nvidia-h20"), "--out is required", "roofline")

    def test_value_that_is_not_a_number(self):
        self.assertErrorLine(ridgeline("run", "--repetitions", "abc"),
                             "Could not convert: --repetitions = abc", "run")


class RunArguments(OneLineErrors):
    def test_unknown_device(self):
        self.assertErrorLine(ridgeline("run", "--device", "tpu:0"),
                             "unknown device 'tpu:0' (expected auto, cpu, cuda:N or hip:N)", "run")

    def test_malformed_device_index(self):
        self.assertErrorLine(ridgeline("run", "--device", "cpu:x"),
                             "--device 'cpu:x': expected auto, cpu, cuda:N or hip:N", "run")

    def test_absent_cpu_index(self):
        self.assertErrorLine(ridgeline("run", "--device", "cpu:3"), "no device cpu:3: cpu has 1 device", "run")

    def test_filter_matching_nothing(self):
        self.assertErrorLine(ridgeline("run", "--filter", "no-such-kernel"),
                             "--filter 'no-such-kernel' matches no benchmark of suite default on cpu:0 "
                             "(ridgeline run --suite default --list shows their names)", "run")

    def test_invalid_regex(self):
        self.assertErrorMatches(ridgeline("run", "--filter", "(unclosed"),
                                r"--filter '\(unclosed': not a valid regular expression \(.*\)", "run")

    def test_size_zero(self):
        self.assertErrorLine(ridgeline("run", "--size", "0"), "--size '0': must be greater than zero", "run")

    def test_size_negative(self):
        self.assertErrorLine(ridgeline("run", "--size=-5"), "--size '-5': must be a positive number of bytes",
                             "run")

    def test_size_garbage(self):
        self.assertErrorLine(ridgeline("run", "--size", "lots"),
                             "--size 'lots': not a size (e.g. 1073741824, 1.5G, 512MiB)", "run")

    def test_size_with_a_fraction_of_a_byte(self):
        self.assertErrorLine(ridgeline("run", "--size", "0.1KiB"),
                             "--size '0.1KiB': not a whole number of bytes (102.4 bytes)", "run")

    def test_size_under_one_element(self):
        # Was silently rounded up to one 8-byte element.
        self.assertErrorLine(ridgeline("run", "--size", "7"),
                             "--size '7': less than one 8-byte fp64 element (read/fp64 uses fp64 arrays)",
                             "run")

    def test_size_not_a_whole_number_of_elements(self):
        self.assertErrorLine(ridgeline("run", "--size", "12", "--filter", "^copy/fp64$"),
                             "--size '12': 12 bytes is not a whole number of 8-byte fp64 elements "
                             "(copy/fp64 uses fp64 arrays); use 8 or 16", "run")

    def test_size_that_fits_only_the_smaller_dtype(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "r.json")
            result = ridgeline("run", "--size", "4k", "--repetitions", "1", "--filter", "^copy/fp32$",
                               "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertErrorLine(ridgeline("run", "--size", "4004", "--filter", "^copy/", "--out", out),
                                 "--size '4004': 4004 bytes is not a whole number of 8-byte fp64 elements "
                                 "(copy/fp64 uses fp64 arrays); use 4000 or 4008", "run")

    def test_size_larger_than_memory(self):
        self.assertErrorMatches(ridgeline("run", "--size", "64T"),
                                r"--size '64T': 3 arrays of that size need 192 TB, but cpu:0 has [0-9.]+ [kMGT]B",
                                "run")

    def test_unknown_suite_suggests_the_nearest(self):
        self.assertErrorLine(ridgeline("run", "--suite", "huge"),
                             "--suite 'huge': expected quick, default or full", "run")
        self.assertErrorLine(ridgeline("run", "--suite", "quik"),
                             "--suite 'quik': expected quick, default or full; did you mean quick?", "run")

    def test_unknown_operand_mode(self):
        self.assertErrorLine(ridgeline("run", "--operands", "exactly"),
                             "--operands 'exactly': expected random or exact; did you mean exact?", "run")

    def test_zero_repetitions(self):
        self.assertErrorLine(ridgeline("run", "--repetitions", "0"), "--repetitions 0: expected 1 to 10000", "run")

    def test_unwritable_out(self):
        with TempDir() as tmp:
            target = os.path.join(tmp, "missing-dir", "sub", "r.json")
            self.assertErrorLine(
                ridgeline("run", *SMALL, "--filter", "^copy/fp64$", "--out", target),
                "cannot write the result file: %s: cannot create a file in %s: No such file or directory"
                % (target, os.path.dirname(target)), "run")
            self.assertFalse(os.path.exists(target))

    def test_out_is_a_directory(self):
        with TempDir() as tmp:
            self.assertErrorLine(ridgeline("run", *SMALL, "--filter", "^copy/fp64$", "--out", tmp),
                                 "cannot write the result file: %s: is a directory; name a file in it" % tmp,
                                 "run")


class ChipNames(unittest.TestCase):
    def test_unique_prefix_and_common_names_resolve(self):
        for name, chip_id in (("chip:nvidia-h200", "nvidia-h200-sxm"), ("chip:h20", "nvidia-h20"),
                              ("chip:mi300x", "amd-mi300x"), ("chip:H20", "nvidia-h20")):
            result = ridgeline("compare", name, "chip:" + chip_id)
            self.assertEqual(result.returncode, 0, result.stderr)
            # Both sides are the same datasheet: every ceiling is 100% of itself.
            shares = re.findall(r"(\d+\.\d)%$", result.stdout, re.M)
            self.assertTrue(shares, result.stdout)
            self.assertEqual(set(shares), {"100.0"}, result.stdout)

    def test_ambiguous_prefix_lists_the_candidates(self):
        result = ridgeline("compare", "chip:h100", "chip:nvidia-h20")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr, "ridgeline: error: chip:h100: ambiguous, it could be nvidia-h100-pcie "
                         "or nvidia-h100-sxm5 (give more of the id)\n")

    def test_typo_suggests_the_nearest_chip(self):
        result = ridgeline("compare", "chip:nvida-h20", "chip:nvidia-h20")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr, "ridgeline: error: chip:nvida-h20: no such chip; did you mean "
                         "nvidia-h20? (`ridgeline chips` lists them)\n")

    def test_no_such_chip(self):
        result = ridgeline("compare", "chip:tpu-v5", "chip:nvidia-h20")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr, "ridgeline: error: chip:tpu-v5: no such chip (`ridgeline chips` lists them)\n")


class Informational(unittest.TestCase):
    def test_version(self):
        for flag in ("--version", "-v"):
            result = ridgeline(flag)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertRegex(result.stdout, r"^ridgeline \d+\.\d+\.\d+ \(git [^\n]*\)\n$")

    def test_help_lists_subcommands(self):
        result = ridgeline("--help")
        self.assertEqual(result.returncode, 0)
        listed = re.findall(r"^  (\w+) ", result.stdout.split("Subcommands:")[1], re.M)
        self.assertEqual(listed, ["run", "list", "devices", "roofline", "project", "compare", "show", "chips",
                                  "fleet"])

    def test_help_command_shows_help(self):
        top = ridgeline("help")
        self.assertEqual(top.returncode, 0, top.stderr)
        self.assertEqual(top.stdout, ridgeline("--help").stdout)
        run = ridgeline("help", "run")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout, ridgeline("run", "--help").stdout)
        self.assertIn("--time-limit", run.stdout)

    def test_list_shows_declared_bytes_and_flops(self):
        result = ridgeline("list")
        self.assertEqual(result.returncode, 0)
        triad = [l.split() for l in result.stdout.splitlines() if l.startswith("triad") and " fp64 " in l]
        self.assertEqual(len(triad), 1)
        # kernel family dtype loads stores bytes/elem flops/elem unit ...
        self.assertEqual(triad[0][3:7], ["2", "1", "24", "2"])

    def test_devices_lists_the_cpu_and_says_which_gpus_are_absent(self):
        result = ridgeline("devices")
        self.assertEqual(result.returncode, 0)
        self.assertIn("cpu:0", result.stdout)
        self.assertRegex(result.stdout, r"no CUDA device")
        self.assertRegex(result.stdout, r"no HIP device")


if __name__ == "__main__":
    unittest.main()
