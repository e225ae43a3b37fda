// Check digits and formats of IMO numbers, MRZ lines and telephone numbers;
// see identifiers.h.
#include "generate/identifiers.h"

#include <cstdio>

namespace disrupt::generate {

int ImoCheckDigit(int first_six) {
  int sum = 0;
  int weight = 2;
  for (int n = first_six; weight <= 7; n /= 10, ++weight) sum += (n % 10) * weight;
  return sum % 10;
}

std::string ImoNumber(int first_six) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%06d%d", first_six, ImoCheckDigit(first_six));
  return buffer;
}

int MrzCheckDigit(std::string_view field) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    int value;
    if (c >= '0' && c <= '9') value = c - '0';
    else if (c >= 'A' && c <= 'Z') value = c - 'A' + 10;
    else if (c == '<') value = 0;
    else return -1;
    sum += value * kWeights[i % 3];
  }
  return sum % 10;
}

std::string MrzLine2(std::string_view document_number, std::string_view nationality, std::string_view birth,
                     char sex, std::string_view expiry) {
  std::string number(document_number.substr(0, 9));
  number.resize(9, '<');
  std::string personal(14, '<');
  auto digit = [](int d) { return static_cast<char>('0' + (d < 0 ? 0 : d)); };
  std::string line;
  line.reserve(44);
  line += number;
  line += digit(MrzCheckDigit(number));
  line += nationality.substr(0, 3);
  line += birth.substr(0, 6);
  line += digit(MrzCheckDigit(birth.substr(0, 6)));
  line += sex;
  line += expiry.substr(0, 6);
  line += digit(MrzCheckDigit(expiry.substr(0, 6)));
  line += personal;
  line += digit(MrzCheckDigit(personal));
  // The composite check covers number+check, birth+check, expiry+check, personal number+check.
  std::string composite = line.substr(0, 10) + line.substr(13, 7) + line.substr(21, 22);
  line += digit(MrzCheckDigit(composite));
  return line;
}

std::string FormatPhone(std::string_view country_code, std::string_view national, std::string_view trunk, int group,
                        PhoneStyle style) {
  size_t split = static_cast<size_t>(group) < national.size() ? static_cast<size_t>(group) : 0;
  std::string out;
  out.reserve(24);
  auto spaced = [&] {
    out.append(national.substr(0, split));
    if (split) out += ' ';
    out.append(national.substr(split));
  };
  switch (style) {
    case PhoneStyle::kInternational:
      out += '+';
      out.append(country_code);
      out += ' ';
      spaced();
      break;
    case PhoneStyle::kInternationalCompact:
      out += '+';
      out.append(country_code);
      out.append(national);
      break;
    case PhoneStyle::kLocal:
      out.append(trunk);
      spaced();
      break;
    case PhoneStyle::kLocalCompact:
      out.append(trunk);
      out.append(national);
      break;
    case PhoneStyle::kDoubleZero:
      out += "00";
      out.append(country_code);
      out += ' ';
      spaced();
      break;
  }
  return out;
}

}  // namespace disrupt::generate
