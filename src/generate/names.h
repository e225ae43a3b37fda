// Personal names of the region, in their original scripts and in the
// romanisations member states actually write them in.
//
// Each name group (Afghan, Pakistani, Iranian, Sinhalese, Sri Lankan Tamil,
// Burmese, Bengali, Malay, Malaysian Chinese, Indonesian, Thai, Khmer, Lao,
// Australian/New Zealand) holds given names by gender and family names; each
// name has its native-script form and one to four Latin spellings, the first
// being the most common ("محمد": Mohammad, Muhammad, Mohammed, Mohamad). The
// lists are common names written for this project, combined at random: no
// entry describes a real person.
//
// The tables are constant and may be read from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace disrupt::generate {

enum class NameGroupId : uint8_t {
  kAfghan,
  kPakistani,
  kIranian,
  kSinhalese,
  kTamil,
  kBurmese,
  kBengali,
  kMalay,
  kChinese,
  kIndonesian,
  kThai,
  kKhmer,
  kLao,
  kAnglo,
};
inline constexpr int kNameGroupCount = 14;

// How the parts of a full name are put together.
enum class NameOrder : uint8_t {
  kGivenFamily,  // "Imran Qureshi"
  kFamilyGiven,  // "Tan Chee Meng", "Sok Dara"
  kPatronymic,   // "Ahmad bin Ismail", "Siti binti Ismail"
  kSyllables,    // Burmese: no family name, two or three syllables "Aung Kyaw Min"
};

struct NameForm {
  std::string_view native;
  std::array<std::string_view, 4> latin;
  // Number of Latin spellings (1 to 4).
  size_t LatinCount() const {
    size_t n = 0;
    while (n < latin.size() && !latin[n].empty()) ++n;
    return n;
  }
};

struct NameGroup {
  NameGroupId id;
  std::string_view key;     // "afghan"
  std::string_view script;  // ISO 15924 code of the native script ("Arab", "Thai", ...; "Latn")
  NameOrder order;
  bool native_spaces;        // native full names separate their parts with spaces
  double mononym_share;      // share of people known by one name only (kGivenFamily)
  std::span<const NameForm> male;
  std::span<const NameForm> female;
  std::span<const NameForm> family;
  std::span<const NameForm> honorific_male;  // titles recorded before a name ("Haji", "U")
  std::span<const NameForm> honorific_female;
};

const NameGroup& GetNameGroup(NameGroupId id);

}  // namespace disrupt::generate
