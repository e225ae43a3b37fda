// The region's tables; see geography.h. Coordinates are WGS84 degrees of
// the public places named (rounded); numbering plans follow the ITU-T E.164
// assignments of each country's mobile ranges.
#include "generate/geography.h"

namespace disrupt::generate {

namespace {

using G = NameGroupId;
using SV = std::string_view;

// ---- Countries ----
constexpr SV kAfgMobile[] = {"70", "72", "77", "78", "79"};
constexpr SV kPakMobile[] = {"300", "301", "312", "321", "333", "345"};
constexpr SV kIrnMobile[] = {"912", "935", "919", "990"};
constexpr SV kLkaMobile[] = {"70", "71", "72", "75", "76", "77", "78"};
constexpr SV kMmrMobile[] = {"94", "95", "97", "96"};
constexpr SV kBgdMobile[] = {"13", "15", "16", "17", "18", "19"};
constexpr SV kMysMobile[] = {"12", "13", "16", "17", "19"};
constexpr SV kThaMobile[] = {"81", "86", "89", "91", "95"};
constexpr SV kIdnMobile[] = {"812", "813", "821", "852", "857", "878"};
constexpr SV kAusMobile[] = {"40", "41", "42", "43", "45"};
constexpr SV kNzlMobile[] = {"21", "22", "27"};
constexpr SV kKhmMobile[] = {"12", "15", "17", "77", "92"};
constexpr SV kLaoMobile[] = {"202", "205", "207", "209"};

constexpr Agency kAfgAgencies[] = {{"MOI", "Ministry of Interior Affairs"}};
constexpr Agency kPakAgencies[] = {{"FIA", "Federal Investigation Agency"}};
constexpr Agency kIrnAgencies[] = {{"NAJA", "Law Enforcement Command"}};
constexpr Agency kLkaAgencies[] = {{"CID", "Criminal Investigation Department, Sri Lanka Police"},
                                   {"SLN", "Sri Lanka Navy"},
                                   {"DIE", "Department of Immigration and Emigration"}};
constexpr Agency kMmrAgencies[] = {{"MPF", "Myanmar Police Force"}};
constexpr Agency kBgdAgencies[] = {{"CID", "Criminal Investigation Department, Bangladesh Police"}};
constexpr Agency kMysAgencies[] = {{"PDRM", "Royal Malaysia Police"},
                                   {"MMEA", "Malaysian Maritime Enforcement Agency"},
                                   {"JIM", "Immigration Department of Malaysia"}};
constexpr Agency kThaAgencies[] = {{"RTP", "Royal Thai Police"}, {"DSI", "Department of Special Investigation"}};
constexpr Agency kIdnAgencies[] = {{"POLRI", "Indonesian National Police"},
                                   {"IMIGRASI", "Directorate General of Immigration"},
                                   {"BAKAMLA", "Maritime Security Agency"}};
constexpr Agency kAusAgencies[] = {{"AFP", "Australian Federal Police"}, {"ABF", "Australian Border Force"}};
constexpr Agency kNzlAgencies[] = {{"NZP", "New Zealand Police"}, {"INZ", "Immigration New Zealand"}};
constexpr Agency kKhmAgencies[] = {{"CNP", "Cambodian National Police"}};
constexpr Agency kLaoAgencies[] = {{"MPS", "Ministry of Public Security"}};

constexpr G kAfgGroups[] = {G::kAfghan};
constexpr G kPakGroups[] = {G::kPakistani};
constexpr G kIrnGroups[] = {G::kIranian};
constexpr G kLkaGroups[] = {G::kTamil, G::kSinhalese};
constexpr G kMmrGroups[] = {G::kBurmese};
constexpr G kBgdGroups[] = {G::kBengali};
constexpr G kMysGroups[] = {G::kMalay, G::kChinese};
constexpr G kThaGroups[] = {G::kThai};
constexpr G kIdnGroups[] = {G::kIndonesian};
constexpr G kAusGroups[] = {G::kAnglo};
constexpr G kKhmGroups[] = {G::kKhmer};
constexpr G kLaoGroups[] = {G::kLao};
constexpr double kOne[] = {1.0};
constexpr double kLkaWeights[] = {0.65, 0.35};
constexpr double kMysWeights[] = {0.7, 0.3};

constexpr SV kAfgStreets[] = {"Darulaman Road", "Jadi Maiwand", "Shahr-e Naw", "Karte Char"};
constexpr SV kPakStreets[] = {"Jinnah Road", "GT Road", "Saddar Bazaar", "University Road"};
constexpr SV kIrnStreets[] = {"Valiasr Street", "Enghelab Street", "Azadi Street", "Shariati Street"};
constexpr SV kLkaStreets[] = {"Galle Road", "Main Street", "Sea Street", "Lagoon Road"};
constexpr SV kMmrStreets[] = {"Anawrahta Road", "Bogyoke Road", "Strand Road", "Main Road"};
constexpr SV kBgdStreets[] = {"Station Road", "Marine Drive", "College Road", "Main Road"};
constexpr SV kMysStreets[] = {"Jalan Ampang", "Jalan Klang Lama", "Jalan Ipoh", "Jalan Tun Razak"};
constexpr SV kThaStreets[] = {"Sukhumvit Road", "Phetkasem Road", "Rama II Road", "Charoen Krung Road"};
constexpr SV kIdnStreets[] = {"Jalan Sudirman", "Jalan Diponegoro", "Jalan Pelabuhan", "Jalan Merdeka"};
constexpr SV kAusStreets[] = {"Parramatta Road", "Sydney Road", "Hume Highway", "Great Eastern Highway"};
constexpr SV kNzlStreets[] = {"Great South Road", "Dominion Road", "Queen Street", "Great North Road"};
constexpr SV kKhmStreets[] = {"Monivong Boulevard", "National Road 5", "Street 271", "Sihanouk Boulevard"};
constexpr SV kLaoStreets[] = {"Lane Xang Avenue", "Samsenthai Road", "Thadeua Road", "Kaysone Road"};

const CountryInfo kCountries[] = {
    {"AFG", "Afghanistan", "93", "0", kAfgMobile, 9, 2, "AFN", 0, "P9999999", kAfgAgencies, kAfgGroups, kOne,
     kAfgStreets},
    {"PAK", "Pakistan", "92", "0", kPakMobile, 10, 3, "PKR", 463, "AA9999999", kPakAgencies, kPakGroups, kOne,
     kPakStreets},
    {"IRN", "Iran", "98", "0", kIrnMobile, 10, 3, "IRR", 422, "A99999999", kIrnAgencies, kIrnGroups, kOne,
     kIrnStreets},
    {"LKA", "Sri Lanka", "94", "0", kLkaMobile, 9, 2, "LKR", 417, "N9999999", kLkaAgencies, kLkaGroups, kLkaWeights,
     kLkaStreets},
    {"MMR", "Myanmar", "95", "0", kMmrMobile, 10, 1, "MMK", 506, "MA999999", kMmrAgencies, kMmrGroups, kOne,
     kMmrStreets},
    {"BGD", "Bangladesh", "880", "0", kBgdMobile, 10, 4, "BDT", 405, "AA9999999", kBgdAgencies, kBgdGroups, kOne,
     kBgdStreets},
    {"MYS", "Malaysia", "60", "0", kMysMobile, 9, 2, "MYR", 533, "A99999999", kMysAgencies, kMysGroups, kMysWeights,
     kMysStreets},
    {"THA", "Thailand", "66", "0", kThaMobile, 9, 2, "THB", 567, "AA9999999", kThaAgencies, kThaGroups, kOne,
     kThaStreets},
    {"IDN", "Indonesia", "62", "0", kIdnMobile, 11, 3, "IDR", 525, "A9999999", kIdnAgencies, kIdnGroups, kOne,
     kIdnStreets},
    {"AUS", "Australia", "61", "0", kAusMobile, 9, 3, "AUD", 503, "PA9999999", kAusAgencies, kAusGroups, kOne,
     kAusStreets},
    {"NZL", "New Zealand", "64", "0", kNzlMobile, 9, 2, "NZD", 512, "LA999999", kNzlAgencies, kAusGroups, kOne,
     kNzlStreets},
    {"KHM", "Cambodia", "855", "0", kKhmMobile, 8, 2, "KHR", 514, "N99999999", kKhmAgencies, kKhmGroups, kOne,
     kKhmStreets},
    {"LAO", "Lao PDR", "856", "0", kLaoMobile, 10, 3, "LAK", 531, "P9999999", kLaoAgencies, kLaoGroups, kOne,
     kLaoStreets},
};

// ---- Places ----
using K = PlaceKind;
const PlaceInfo kPlaces[] = {
    // Afghanistan
    {"Kabul", "AFG", "Kabul", K::kCity, 34.5553, 69.2075},
    {"Kabul International Airport", "AFG", "Kabul", K::kAirport, 34.5659, 69.2123},
    {"Jalalabad", "AFG", "Nangarhar", K::kCity, 34.4265, 70.4515},
    {"Torkham", "AFG", "Nangarhar", K::kLandBorderCrossing, 34.1019, 71.0884},
    {"Spin Boldak", "AFG", "Kandahar", K::kLandBorderCrossing, 31.0063, 66.3957},
    {"Kandahar", "AFG", "Kandahar", K::kCity, 31.6289, 65.7372},
    // Pakistan
    {"Peshawar", "PAK", "Khyber Pakhtunkhwa", K::kCity, 34.0151, 71.5249},
    {"Quetta", "PAK", "Balochistan", K::kCity, 30.1798, 66.9750},
    {"Chaman", "PAK", "Balochistan", K::kLandBorderCrossing, 30.9210, 66.4597},
    {"Taftan", "PAK", "Balochistan", K::kLandBorderCrossing, 28.9667, 61.5667},
    {"Islamabad International Airport", "PAK", "Islamabad", K::kAirport, 33.5490, 72.8256},
    {"Jinnah International Airport", "PAK", "Karachi", K::kAirport, 24.9065, 67.1608},
    {"Allama Iqbal International Airport", "PAK", "Lahore", K::kAirport, 31.5216, 74.4036},
    {"Karachi", "PAK", "Sindh", K::kCity, 24.8607, 67.0011},
    // Iran
    {"Tehran", "IRN", "Tehran", K::kCity, 35.6892, 51.3890},
    {"Imam Khomeini International Airport", "IRN", "Tehran", K::kAirport, 35.4161, 51.1522},
    {"Mirjaveh", "IRN", "Sistan and Baluchestan", K::kLandBorderCrossing, 29.0167, 61.4500},
    {"Mashhad", "IRN", "Razavi Khorasan", K::kCity, 36.2605, 59.6168},
    // Sri Lanka
    {"Colombo", "LKA", "Western Province", K::kCity, 6.9271, 79.8612},
    {"Bandaranaike International Airport", "LKA", "Katunayake", K::kAirport, 7.1808, 79.8841},
    {"Negombo", "LKA", "Western Province", K::kEmbarkationPoint, 7.2083, 79.8358},
    {"Chilaw", "LKA", "North Western Province", K::kEmbarkationPoint, 7.5758, 79.7953},
    {"Batticaloa", "LKA", "Eastern Province", K::kEmbarkationPoint, 7.7102, 81.6924},
    {"Trincomalee", "LKA", "Eastern Province", K::kPort, 8.5667, 81.2333},
    // Myanmar
    {"Yangon", "MMR", "Yangon Region", K::kCity, 16.8409, 96.1735},
    {"Sittwe", "MMR", "Rakhine State", K::kEmbarkationPoint, 20.1450, 92.8986},
    {"Myawaddy", "MMR", "Kayin State", K::kLandBorderCrossing, 16.6892, 98.5095},
    {"Kawthaung", "MMR", "Tanintharyi Region", K::kPort, 9.9833, 98.5500},
    // Bangladesh
    {"Dhaka", "BGD", "Dhaka Division", K::kCity, 23.8103, 90.4125},
    {"Hazrat Shahjalal International Airport", "BGD", "Dhaka", K::kAirport, 23.8433, 90.3978},
    {"Cox's Bazar", "BGD", "Chittagong Division", K::kCity, 21.4272, 92.0058},
    {"Teknaf", "BGD", "Chittagong Division", K::kEmbarkationPoint, 20.8624, 92.3058},
    // Malaysia
    {"Kuala Lumpur", "MYS", "Kuala Lumpur", K::kCity, 3.1390, 101.6869},
    {"Kuala Lumpur International Airport", "MYS", "Sepang", K::kAirport, 2.7456, 101.7072},
    {"Port Klang", "MYS", "Selangor", K::kPort, 3.0000, 101.3833},
    {"Johor Bahru", "MYS", "Johor", K::kCity, 1.4556, 103.7611},
    {"Bukit Kayu Hitam", "MYS", "Kedah", K::kLandBorderCrossing, 6.5167, 100.4167},
    {"Penang", "MYS", "Penang", K::kPort, 5.4164, 100.3327},
    // Thailand
    {"Bangkok", "THA", "Bangkok", K::kCity, 13.7563, 100.5018},
    {"Suvarnabhumi Airport", "THA", "Samut Prakan", K::kAirport, 13.6900, 100.7501},
    {"Ranong", "THA", "Ranong", K::kPort, 9.9658, 98.6348},
    {"Sadao", "THA", "Songkhla", K::kLandBorderCrossing, 6.6389, 100.4231},
    {"Mae Sot", "THA", "Tak", K::kLandBorderCrossing, 16.7130, 98.5747},
    {"Aranyaprathet", "THA", "Sa Kaeo", K::kLandBorderCrossing, 13.6600, 102.5000},
    {"Nong Khai", "THA", "Nong Khai", K::kLandBorderCrossing, 17.8786, 102.7160},
    {"Samut Sakhon", "THA", "Samut Sakhon", K::kPort, 13.5475, 100.2744},
    {"Songkhla", "THA", "Songkhla", K::kPort, 7.2000, 100.5950},
    // Indonesia
    {"Jakarta", "IDN", "DKI Jakarta", K::kCity, -6.2088, 106.8456},
    {"Soekarno-Hatta International Airport", "IDN", "Tangerang", K::kAirport, -6.1256, 106.6559},
    {"Pelabuhan Ratu", "IDN", "West Java", K::kEmbarkationPoint, -6.9870, 106.5430},
    {"Cilacap", "IDN", "Central Java", K::kEmbarkationPoint, -7.7267, 109.0150},
    {"Kupang", "IDN", "East Nusa Tenggara", K::kPort, -10.1772, 123.6070},
    {"Rote Island", "IDN", "East Nusa Tenggara", K::kEmbarkationPoint, -10.7400, 123.0500},
    {"Dumai", "IDN", "Riau", K::kPort, 1.6667, 101.4500},
    {"Batam", "IDN", "Riau Islands", K::kPort, 1.0456, 104.0305},
    {"Lhokseumawe", "IDN", "Aceh", K::kLandingPoint, 5.1801, 97.1507},
    // Australia (external territories are recorded under AUS)
    {"Christmas Island", "AUS", "Flying Fish Cove", K::kLandingPoint, -10.4217, 105.6791},
    {"Cocos (Keeling) Islands", "AUS", "West Island", K::kLandingPoint, -12.1642, 96.8710},
    {"Ashmore Reef", "AUS", "Ashmore and Cartier Islands", K::kLandingPoint, -12.2500, 123.0000},
    {"Sydney", "AUS", "New South Wales", K::kCity, -33.8688, 151.2093},
    {"Melbourne", "AUS", "Victoria", K::kCity, -37.8136, 144.9631},
    {"Perth", "AUS", "Western Australia", K::kCity, -31.9505, 115.8605},
    {"Sydney Airport", "AUS", "Mascot", K::kAirport, -33.9399, 151.1753},
    // New Zealand
    {"Auckland", "NZL", "Auckland", K::kCity, -36.8485, 174.7633},
    {"Auckland Airport", "NZL", "Mangere", K::kAirport, -37.0082, 174.7850},
    // Cambodia
    {"Phnom Penh", "KHM", "Phnom Penh", K::kCity, 11.5564, 104.9282},
    {"Poipet", "KHM", "Banteay Meanchey", K::kLandBorderCrossing, 13.6589, 102.5625},
    // Lao PDR
    {"Vientiane", "LAO", "Vientiane Prefecture", K::kCity, 17.9757, 102.6331},
    {"Thanaleng", "LAO", "Vientiane Prefecture", K::kLandBorderCrossing, 17.9000, 102.7167},
};

// ---- Routes ----
using M = Mode;
constexpr RouteLeg kAfghanLegs[] = {
    {"Kabul", "Peshawar", M::kLand, "Torkham"},
    {"Islamabad International Airport", "Kuala Lumpur International Airport", M::kAir, ""},
    {"Port Klang", "Dumai", M::kSea, ""},
    {"Dumai", "Pelabuhan Ratu", M::kLand, ""},
    {"Pelabuhan Ratu", "Christmas Island", M::kSea, ""},
};
constexpr SV kAfghanCountries[] = {"AFG", "PAK", "MYS", "IDN", "AUS"};

constexpr RouteLeg kAfghanQuettaLegs[] = {
    {"Kandahar", "Quetta", M::kLand, "Spin Boldak"},
    {"Jinnah International Airport", "Kuala Lumpur International Airport", M::kAir, ""},
    {"Kuala Lumpur International Airport", "Soekarno-Hatta International Airport", M::kAir, ""},
    {"Jakarta", "Kupang", M::kAir, ""},
    {"Rote Island", "Ashmore Reef", M::kSea, ""},
};
constexpr SV kAfghanQuettaCountries[] = {"AFG", "PAK", "MYS", "IDN", "AUS"};

constexpr RouteLeg kPakistaniLegs[] = {
    {"Allama Iqbal International Airport", "Suvarnabhumi Airport", M::kAir, ""},
    {"Bangkok", "Kuala Lumpur", M::kLand, "Sadao"},
    {"Kuala Lumpur International Airport", "Soekarno-Hatta International Airport", M::kAir, ""},
    {"Jakarta", "Pelabuhan Ratu", M::kLand, ""},
    {"Pelabuhan Ratu", "Christmas Island", M::kSea, ""},
};
constexpr SV kPakistaniCountries[] = {"PAK", "THA", "MYS", "IDN", "AUS"};

constexpr RouteLeg kIranianLegs[] = {
    {"Imam Khomeini International Airport", "Kuala Lumpur International Airport", M::kAir, ""},
    {"Johor Bahru", "Batam", M::kSea, ""},
    {"Batam", "Soekarno-Hatta International Airport", M::kAir, ""},
    {"Jakarta", "Cilacap", M::kLand, ""},
    {"Cilacap", "Christmas Island", M::kSea, ""},
};
constexpr SV kIranianCountries[] = {"IRN", "MYS", "IDN", "AUS"};

constexpr RouteLeg kSriLankanSeaLegs[] = {
    {"Colombo", "Negombo", M::kLand, ""},
    {"Negombo", "Cocos (Keeling) Islands", M::kSea, ""},
    {"Batticaloa", "Christmas Island", M::kSea, ""},
};
constexpr SV kSriLankanSeaCountries[] = {"LKA", "AUS"};

constexpr RouteLeg kSriLankanAirLegs[] = {
    {"Bandaranaike International Airport", "Kuala Lumpur International Airport", M::kAir, ""},
    {"Kuala Lumpur International Airport", "Auckland Airport", M::kAir, ""},
};
constexpr SV kSriLankanAirCountries[] = {"LKA", "MYS", "NZL"};

constexpr RouteLeg kBayOfBengalLegs[] = {
    {"Teknaf", "Ranong", M::kSea, ""},
    {"Ranong", "Sadao", M::kLand, ""},
    {"Sadao", "Kuala Lumpur", M::kLand, "Bukit Kayu Hitam"},
};
constexpr SV kBayOfBengalCountries[] = {"BGD", "THA", "MYS"};

constexpr RouteLeg kRakhineLegs[] = {
    {"Sittwe", "Lhokseumawe", M::kSea, ""},
    {"Lhokseumawe", "Penang", M::kSea, ""},
    {"Penang", "Kuala Lumpur", M::kLand, ""},
};
constexpr SV kRakhineCountries[] = {"MMR", "IDN", "MYS"};

constexpr RouteLeg kBangladeshAirLegs[] = {
    {"Hazrat Shahjalal International Airport", "Kuala Lumpur International Airport", M::kAir, ""},
    {"Johor Bahru", "Batam", M::kSea, ""},
    {"Batam", "Kupang", M::kAir, ""},
    {"Rote Island", "Ashmore Reef", M::kSea, ""},
};
constexpr SV kBangladeshAirCountries[] = {"BGD", "MYS", "IDN", "AUS"};

constexpr RouteLeg kMaeSotLegs[] = {
    {"Yangon", "Myawaddy", M::kLand, ""},
    {"Myawaddy", "Bangkok", M::kLand, "Mae Sot"},
    {"Bangkok", "Samut Sakhon", M::kLand, ""},
};
constexpr SV kMaeSotCountries[] = {"MMR", "THA"};

constexpr RouteLeg kPoipetLegs[] = {
    {"Phnom Penh", "Poipet", M::kLand, ""},
    {"Poipet", "Songkhla", M::kLand, "Aranyaprathet"},
};
constexpr SV kPoipetCountries[] = {"KHM", "THA"};

constexpr RouteLeg kMekongLegs[] = {
    {"Vientiane", "Bangkok", M::kLand, "Nong Khai"},
    {"Bangkok", "Kuala Lumpur", M::kLand, "Sadao"},
};
constexpr SV kMekongCountries[] = {"LAO", "THA", "MYS"};

const RouteTemplate kRoutes[] = {
    {"afghan_air_sea", "AFG", "AUS", false, 1.6, kAfghanLegs, kAfghanCountries},
    {"afghan_quetta_ashmore", "AFG", "AUS", false, 0.8, kAfghanQuettaLegs, kAfghanQuettaCountries},
    {"pakistani_thai_corridor", "PAK", "AUS", false, 1.0, kPakistaniLegs, kPakistaniCountries},
    {"iranian_batam", "IRN", "AUS", false, 1.0, kIranianLegs, kIranianCountries},
    {"sri_lankan_direct_sea", "LKA", "AUS", false, 1.2, kSriLankanSeaLegs, kSriLankanSeaCountries},
    {"sri_lankan_air_nz", "LKA", "NZL", false, 0.5, kSriLankanAirLegs, kSriLankanAirCountries},
    {"bay_of_bengal", "BGD", "MYS", false, 1.2, kBayOfBengalLegs, kBayOfBengalCountries},
    {"rakhine_andaman", "MMR", "MYS", false, 0.8, kRakhineLegs, kRakhineCountries},
    {"bangladesh_air_ashmore", "BGD", "AUS", false, 0.6, kBangladeshAirLegs, kBangladeshAirCountries},
    {"mae_sot_fishing", "MMR", "THA", true, 0.8, kMaeSotLegs, kMaeSotCountries},
    {"poipet_fishing", "KHM", "THA", true, 0.6, kPoipetLegs, kPoipetCountries},
    {"mekong_labour", "LAO", "MYS", true, 0.5, kMekongLegs, kMekongCountries},
};

}  // namespace

std::span<const CountryInfo> Countries() { return kCountries; }

const CountryInfo* FindCountry(std::string_view code) {
  for (const auto& c : kCountries) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

std::string_view ToVocabulary(PlaceKind kind) {
  switch (kind) {
    case PlaceKind::kCity: return "city";
    case PlaceKind::kAirport: return "airport";
    case PlaceKind::kPort: return "port";
    case PlaceKind::kLandBorderCrossing: return "land_border_crossing";
    case PlaceKind::kEmbarkationPoint: return "embarkation_point";
    case PlaceKind::kLandingPoint: return "landing_point";
  }
  return "other";
}

std::span<const PlaceInfo> Places() { return kPlaces; }

int FindPlace(std::string_view name) {
  for (size_t i = 0; i < std::size(kPlaces); ++i) {
    if (kPlaces[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string_view ToVocabulary(Mode mode) {
  switch (mode) {
    case Mode::kAir: return "air";
    case Mode::kSea: return "sea";
    case Mode::kLand: return "land";
  }
  return "land";
}

std::span<const RouteTemplate> Routes() { return kRoutes; }

}  // namespace disrupt::generate
