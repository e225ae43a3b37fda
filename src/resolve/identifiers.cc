// Phone, document, country and vessel identifiers; see identifiers.h.
#include "resolve/identifiers.h"

#include <phonenumbers/phonenumberutil.h>
#include <unicode/locid.h>
#include <unicode/uloc.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <vector>

#include "core/text.h"

namespace disrupt::resolve {

namespace {

struct CountryMaps {
  std::unordered_map<std::string, std::string> to2, to3;
  CountryMaps() {
    for (const char* const* c = uloc_getISOCountries(); *c; ++c) {
      icu::Locale locale("", *c);
      std::string a3 = locale.getISO3Country();
      if (a3.size() != 3) continue;
      to2.emplace(a3, *c);
      to3.emplace(*c, a3);
    }
  }
};

const CountryMaps& Countries() {
  static const CountryMaps maps;
  return maps;
}

int MrzValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return -1;
}

// The characters a misreading may have swapped for `c`, in both directions.
std::string_view Confusables(char c) {
  switch (c) {
    case '0': return "OQD";
    case 'O': case 'Q': case 'D': return "0";
    case '1': return "IL";
    case 'I': case 'L': return "1";
    case '2': return "Z";
    case 'Z': return "2";
    case '5': return "S";
    case 'S': return "5";
    case '6': return "G";
    case 'G': return "6";
    case '8': return "B";
    case 'B': return "8";
    default: return "";
  }
}

// Digits-only fields: letters that look like digits are digits.
std::string AsDigits(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= '0' && c <= '9') continue;
    std::string_view alt = Confusables(c);
    if (alt.size() == 1 && alt[0] >= '0' && alt[0] <= '9') c = alt[0];
  }
  return out;
}

bool CheckOk(std::string_view field, char check) {
  int d = MrzCheckDigit(field);
  return d >= 0 && check >= '0' && check <= '9' && d == check - '0';
}

// Verifies `field` against `check`, repairing one misread character if that
// makes it valid in exactly one way.
Result<std::string> CheckedField(std::string_view field, char check, bool digits_only, const char* name) {
  std::string f = digits_only ? AsDigits(field) : std::string(field);
  std::string chk = AsDigits(std::string_view(&check, 1));
  check = chk[0];
  if (CheckOk(f, check)) return f;
  if (!digits_only) {
    // The check digit catches one misread character but may accept several
    // repairs; a letter read for a digit is the likelier error, so a unique
    // letter-to-digit repair wins over digit-to-letter ones.
    std::vector<std::string> repairs, to_digit;
    for (size_t i = 0; i < f.size(); ++i) {
      for (char alt : Confusables(f[i])) {
        std::string candidate = f;
        candidate[i] = alt;
        if (!CheckOk(candidate, check)) continue;
        repairs.push_back(candidate);
        if (alt >= '0' && alt <= '9') to_digit.push_back(candidate);
      }
    }
    if (to_digit.size() == 1) return to_digit.front();
    if (repairs.size() == 1) return repairs.front();
  }
  return Status::InvalidArgument("check digit does not match", std::string("mrz:") + name);
}

Result<PartialDate> MrzDate(std::string_view yymmdd, int pivot_year, const char* name) {
  long long v = 0;
  if (!ParseInt64(yymmdd, v)) return Status::InvalidArgument("not a date", std::string("mrz:") + name);
  int yy = static_cast<int>(v / 10000), mm = static_cast<int>(v / 100 % 100), dd = static_cast<int>(v % 100);
  int year = 2000 + yy > pivot_year ? 1900 + yy : 2000 + yy;
  if (mm < 1 || mm > 12 || dd < 1 || dd > DaysInMonth(year, mm)) {
    return Status::InvalidArgument("not a date", std::string("mrz:") + name);
  }
  return PartialDate{year, mm, dd};
}

std::string MrzText(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '<' ? ' ' : c);
  return std::string(Trim(out));
}

}  // namespace

std::string CountryAlpha2(std::string_view alpha3) {
  const auto& m = Countries().to2;
  auto it = m.find(AsciiUpper(alpha3));
  return it == m.end() ? std::string() : it->second;
}

std::string CountryAlpha3(std::string_view alpha2) {
  const auto& m = Countries().to3;
  auto it = m.find(AsciiUpper(alpha2));
  return it == m.end() ? std::string() : it->second;
}

Result<std::string> NormalisePhone(std::string_view raw, std::string_view country) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  std::string number(Trim(raw));
  if (number.empty()) return Status::InvalidArgument("empty phone number", "phone");
  if (number.rfind("00", 0) == 0) number.replace(0, 2, "+");
  std::string region = "ZZ";
  if (country.size() == 3) region = CountryAlpha2(country);
  if (country.size() == 2) region = AsciiUpper(country);
  if (region.empty()) region = "ZZ";
  if (number[0] != '+' && region == "ZZ") {
    return Status::InvalidArgument("local phone number without a known country", "phone");
  }
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber parsed;
  if (util->Parse(number, region, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return Status::InvalidArgument("not a phone number", "phone");
  }
  if (!util->IsPossibleNumber(parsed)) return Status::InvalidArgument("not a possible phone number", "phone");
  std::string e164;
  util->Format(parsed, PhoneNumberUtil::E164, &e164);
  return e164;
}

std::string CleanDocumentNumber(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) out.push_back(static_cast<char>(std::toupper(u)));
  }
  return out;
}

std::string ConfusableKey(std::string_view clean_number) {
  std::string out(clean_number);
  for (char& c : out) {
    switch (c) {
      case 'O': case 'Q': case 'D': c = '0'; break;
      case 'I': case 'L': c = '1'; break;
      case 'Z': c = '2'; break;
      case 'S': c = '5'; break;
      case 'G': c = '6'; break;
      case 'B': c = '8'; break;
      default: break;
    }
  }
  return out;
}

std::string DocumentKey(std::string_view issuer, std::string_view raw_number) {
  std::string number = ConfusableKey(CleanDocumentNumber(raw_number));
  if (number.empty()) return "";
  std::string country = issuer.size() == 2 ? CountryAlpha3(issuer) : AsciiUpper(issuer);
  return country.empty() ? number : country + ":" + number;
}

int MrzCheckDigit(std::string_view field) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    int v = MrzValue(field[i]);
    if (v < 0) return -1;
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

Result<MrzPassport> ParseMrz(std::string_view line1, std::string_view line2) {
  std::string l1 = AsciiUpper(Trim(line1)), l2 = AsciiUpper(Trim(line2));
  if (l1.size() != 44 || l2.size() != 44) {
    return Status::InvalidArgument("a passport MRZ has two lines of 44 characters", "mrz");
  }
  if (l1[0] != 'P') return Status::InvalidArgument("not a passport MRZ (first character is not P)", "mrz:type");
  MrzPassport p;
  p.issuer = MrzText(l1.substr(2, 3));
  std::string names = l1.substr(5);
  size_t sep = names.find("<<");
  p.family_name = MrzText(names.substr(0, sep));
  if (sep != std::string::npos) p.given_names = MrzText(names.substr(sep + 2));
  DISRUPT_ASSIGN_OR_RETURN(std::string number, CheckedField(l2.substr(0, 9), l2[9], false, "number"));
  p.number = MrzText(number);
  p.nationality = MrzText(l2.substr(10, 3));
  DISRUPT_ASSIGN_OR_RETURN(std::string dob, CheckedField(l2.substr(13, 6), l2[19], true, "birth_date"));
  int this_year = PartialDate::Today().year;
  DISRUPT_ASSIGN_OR_RETURN(p.birth_date, MrzDate(dob, this_year, "birth_date"));
  p.sex = l2[20] == 'M' || l2[20] == 'F' ? l2[20] : 'X';
  DISRUPT_ASSIGN_OR_RETURN(std::string expiry, CheckedField(l2.substr(21, 6), l2[27], true, "expiry"));
  DISRUPT_ASSIGN_OR_RETURN(p.expiry, MrzDate(expiry, this_year + 50, "expiry"));
  // Composite check over number, birth date, expiry and optional data (as repaired).
  std::string composite = number + l2[9] + dob + l2[19] + expiry + l2[27] + l2.substr(28, 15);
  char composite_check = AsDigits(std::string_view(&l2[43], 1))[0];
  if (!CheckOk(composite, composite_check)) {
    return Status::InvalidArgument("composite check digit does not match", "mrz:composite");
  }
  return p;
}

Result<std::string> NormaliseImo(std::string_view raw) {
  std::string s = AsciiUpper(Trim(raw));
  if (StartsWith(s, "IMO")) s = std::string(Trim(std::string_view(s).substr(3)));
  if (s.size() != 7 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::InvalidArgument("an IMO number has seven digits", "imo");
  }
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (s[i] - '0') * (7 - i);
  if (sum % 10 != s[6] - '0') return Status::InvalidArgument("IMO check digit does not match", "imo");
  return s;
}

Result<Mmsi> ParseMmsi(std::string_view raw) {
  std::string s;
  for (char c : raw) {
    if (c >= '0' && c <= '9') s.push_back(c);
    else if (c != ' ' && c != '-') return Status::InvalidArgument("an MMSI is nine digits", "mmsi");
  }
  if (s.size() != 9) return Status::InvalidArgument("an MMSI is nine digits", "mmsi");
  Mmsi m;
  m.digits = s;
  auto mid_at = [&](size_t pos) { return std::stoi(s.substr(pos, 3)); };
  auto valid_mid = [](int mid) { return mid >= 201 && mid <= 775; };
  if (s[0] >= '2' && s[0] <= '7') {
    m.kind = MmsiKind::kShip;
    m.mid = mid_at(0);
  } else if (s.rfind("00", 0) == 0) {
    m.kind = MmsiKind::kCoastStation;
    m.mid = mid_at(2);
  } else if (s[0] == '0') {
    m.kind = MmsiKind::kGroup;
    m.mid = mid_at(1);
  } else if (s.rfind("111", 0) == 0) {
    m.kind = MmsiKind::kSarAircraft;
    m.mid = mid_at(3);
  } else if (s.rfind("99", 0) == 0) {
    m.kind = MmsiKind::kAidToNavigation;
    m.mid = mid_at(2);
  } else if (s.rfind("98", 0) == 0) {
    m.kind = MmsiKind::kCraftAssociated;
    m.mid = mid_at(2);
  } else if (s.rfind("97", 0) == 0) {
    m.kind = MmsiKind::kOther;  // AIS-SART, MOB and EPIRB-AIS devices carry no flag state
    return m;
  } else if (s[0] == '8') {
    m.kind = MmsiKind::kHandheld;
    m.mid = mid_at(1);
  } else {
    return Status::InvalidArgument("not an MMSI structure", "mmsi");
  }
  if (!valid_mid(m.mid)) return Status::InvalidArgument("MMSI has no valid Maritime Identification Digits", "mmsi");
  return m;
}

}  // namespace disrupt::resolve
