#include "report/roofline_html.hpp"

#include <fmt/format.h>

#include "report/number_format.hpp"
#include "report/percent_text.hpp"
#include "report/text_table.hpp"
#include "report/xml_text.hpp"

namespace ridgeline {
namespace {

// A table from already escaped cells; the first column is text, the rest numbers.
class HtmlTable {
 public:
  HtmlTable(std::string css_class, std::vector<std::string> header)
      : css_class_(std::move(css_class)), header_(std::move(header)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string render() const {
    std::string out = fmt::format("<table class=\"{}\">\n<tr>", css_class_);
    for (const auto& h : header_) out += "<th>" + h + "</th>";
    out += "</tr>\n";
    for (const auto& row : rows_) {
      out += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i)
        out += (i == 0 ? "<td class=\"text\">" : "<td>") + row[i] + "</td>";
      out += "</tr>\n";
    }
    return out + "</table>\n";
  }

 private:
  std::string css_class_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

std::string rate_cell(const Ceiling& c) {
  if (c.unit == RateUnit::gigabytes) return format_si(c.value * 1e9, "B/s");
  if (c.unit == RateUnit::gigaops) return format_si(c.value * 1e9, "OP/s");
  return format_si(c.value * 1e9, "FLOP/s");
}

// Floating-point ridges in flop per byte, then integer ones (int8 TOPS) in op per byte.
std::string ridge_summary(std::span<const RooflineInput> inputs) {
  HtmlTable table("ridges", {"input", "source", "dtype", "peak", "bandwidth", "ridge"});
  for (const auto& in : inputs)
    for (const auto* ridges : {&in.ceilings.ridges, &in.ceilings.integer_ridges})
      for (const auto& r : *ridges)
        table.add_row(
            {xml_escape(in.label), in.measured ? "measured" : "datasheet", r.dtype,
             rate_cell(r.compute), rate_cell(r.bandwidth),
             format_rate(r.flop_per_byte) + (ridges == &in.ceilings.ridges ? " flop/B" : " op/B")});
  return "<h2>Ridge points</h2>\n" + table.render();
}

std::string ceilings_section(const RooflineInput& in) {
  std::string out;
  HtmlTable bandwidth("bandwidth", {"kernel", "dtype", "bandwidth", "from"});
  for (const auto& c : in.ceilings.bandwidth)
    bandwidth.add_row(
        {xml_escape(c.kernel), xml_escape(c.dtype), rate_cell(c), xml_escape(c.benchmark)});
  HtmlTable compute("compute", {"dtype", "peak", "from"});
  for (const auto& c : in.ceilings.compute)
    compute.add_row({xml_escape(c.dtype), rate_cell(c), xml_escape(c.benchmark)});
  out += "<h3>Bandwidth ceilings</h3>\n" + bandwidth.render();
  out += "<h3>Compute ceilings</h3>\n" + compute.render();
  return out;
}

std::string fits_section(const RooflineInput& in) {
  if (in.fits.empty()) return {};
  std::string out =
      "<h3>Fitted roofline of the intensity sweep</h3>\n<p>min(P, I &#215; B) fitted by least "
      "squares in log space; deviation = measured / roof &#8722; 1.</p>\n";
  HtmlTable fits("fit", {"dtype", "P (plateau)", "B (slope)", "ridge P/B (flop/B)",
                         "rms error (log10)", "points"});
  for (const auto& f : in.fits)
    fits.add_row({xml_escape(f.dtype), format_si(f.peak_gflops * 1e9, "FLOP/s"),
                  format_si(f.bandwidth_gbs * 1e9, "B/s"),
                  format_rate(f.ridge) + (f.ridge_in_sweep ? "" : " (bound: outside the sweep)"),
                  fmt::format("{:.3f}", f.rms_log10_error), std::to_string(f.points.size())});
  out += fits.render();
  HtmlTable points("fit-points", {"benchmark", "flop/B", "measured", "fitted roof", "deviation"});
  for (const auto& f : in.fits)
    for (const auto& p : f.points)
      points.add_row({xml_escape(p.point.benchmark), format_rate(p.point.flop_per_byte),
                      format_si(p.point.gflops * 1e9, "FLOP/s"),
                      format_si(p.roof_gflops * 1e9, "FLOP/s"),
                      format_signed_percent(p.deviation)});
  return out + points.render();
}

constexpr const char* kStyle =
    R"(body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}h3{font-size:15px;margin-bottom:4px}
table{border-collapse:collapse;margin:4px 0 12px}
th,td{border:1px solid #ccc;padding:3px 10px;text-align:right;font-size:13px}
th{background:#f3f3f3}td.text{text-align:left}
p.note{color:#555;font-size:13px}
.picture{display:flex;flex-wrap:wrap;align-items:flex-start}
.picture svg{display:block;flex:1 1 auto;min-width:0}
.picture svg.roofline-plot{flex-basis:560px}
.picture svg.roofline-legend{flex-basis:300px})";

}  // namespace

std::string roofline_html(std::span<const RooflineInput> inputs) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>ridgeline roofline</title>\n<style>\n" + std::string(kStyle) + "\n</style>\n";
  const RooflineSvgParts picture = roofline_svg_parts(inputs);
  out += "</head>\n<body>\n<h1>Roofline</h1>\n<div class=\"picture\">\n";
  out += picture.plot + picture.legend + "</div>\n";
  out += ridge_summary(inputs);
  for (const auto& in : inputs) {
    out += fmt::format("<h2>{}</h2>\n<p class=\"note\">{} &#8212; {}{}</p>\n", xml_escape(in.label),
                       xml_escape(in.origin), in.measured ? "measured run" : "datasheet",
                       in.note.empty() ? "" : "; " + xml_escape(in.note));
    out += ceilings_section(in);
    out += fits_section(in);
  }
  return out + "</body>\n</html>\n";
}

}  // namespace ridgeline
