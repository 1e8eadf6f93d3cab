#include "report/text_extent.hpp"

#include <cctype>
#include <string_view>

namespace ridgeline {
namespace {

// Advance widths in em, DejaVu Sans Book (a few rounded up to the widest of their group).
double advance_of(unsigned char c) {
  if (c >= '0' && c <= '9') return 0.64;
  switch (c) {
    case ' ':
    case '.':
    case ',':
    case ':':
    case ';':
    case '\'':
    case '|':
      return 0.34;
    case 'i':
    case 'j':
    case 'l':
    case 'I':
    case '!':
      return 0.29;
    case 'f':
    case 't':
    case '/':
    case '(':
    case ')':
    case '[':
    case ']':
    case '-':
      return 0.40;
    case 'r':
      return 0.42;
    case 'm':
      return 0.98;
    case 'w':
      return 0.82;
    case 'M':
      return 0.87;
    case 'W':
      return 0.99;
    case '=':
    case '+':
    case '<':
    case '>':
    case '~':
      return 0.84;
    case '%':
      return 0.95;
    case '&':
      return 0.78;
    case '@':
      return 1.0;
    default:
      break;
  }
  if (std::islower(c)) return 0.64;
  if (std::isupper(c)) return 0.79;
  return 0.8;  // anything else ASCII: as wide as a wide letter
}

}  // namespace

double estimate_text_width(std::string_view text, double font_size) {
  // Kerning and a fallback font can shift a glyph or two; 4% more keeps the box an upper bound.
  constexpr double kMargin = 1.04;
  double em = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) == 0x80) continue;       // a UTF-8 continuation byte: counted with its lead
    em += c >= 0x80 ? 1.0 : advance_of(c);  // non-ASCII: as wide as a full em
  }
  return em * font_size * kMargin;
}

// DejaVu Sans: ascent 0.93 em, descent 0.24 em.
double text_box_height(double font_size) { return 1.17 * font_size; }
double text_baseline_above_bottom(double font_size) { return 0.24 * font_size; }

}  // namespace ridgeline
