// The name tables; see names.h. Romanisations follow the habits of the
// recording services (passport offices, police, immigration) of the region:
// Pakistani passports write "Muhammad", Iranian ones "Mohammad", Bangladeshi
// records abbreviate it "Md"; Indonesian names keep both the old ("Djoko",
// "Soe-") and the current spelling; Chinese names appear in dialect
// romanisations (Hokkien, Cantonese) and in Pinyin.
#include "generate/names.h"

namespace disrupt::generate {

namespace {

using F = NameForm;

// ---- Afghan (Dari and Pashto, Perso-Arabic script) ----
constexpr F kAfghanMale[] = {
    {"احمد", {"Ahmad", "Ahmed", "Ahmat"}},
    {"محمد", {"Mohammad", "Muhammad", "Mohammed", "Mohamad"}},
    {"عبدالله", {"Abdullah", "Abdulla", "Abdollah"}},
    {"نور", {"Noor", "Nur", "Nour"}},
    {"گل", {"Gul", "Gol"}},
    {"جاوید", {"Javed", "Jawid", "Javid", "Jawed"}},
    {"حمید", {"Hamid", "Hameed", "Hamed"}},
    {"ظاهر", {"Zahir", "Zaher", "Zaheer"}},
    {"رحمت", {"Rahmat", "Rahmad"}},
    {"شفیق", {"Shafiq", "Shafeeq", "Shafik"}},
    {"نجیب", {"Najib", "Najeeb", "Nadjib"}},
    {"قاسم", {"Qasim", "Kasim", "Qasem", "Ghasem"}},
    {"ولی", {"Wali", "Vali", "Walee"}},
    {"یونس", {"Younus", "Yunus", "Younes", "Yonus"}},
    {"فرید", {"Farid", "Fareed"}},
    {"ضیا", {"Zia", "Ziya"}},
};
constexpr F kAfghanFemale[] = {
    {"مریم", {"Maryam", "Mariam", "Maryum"}},  {"فاطمه", {"Fatima", "Fatema", "Fatemeh"}},
    {"زینب", {"Zainab", "Zeinab", "Zaynab"}},  {"شبنم", {"Shabnam", "Shabnum"}},
    {"نسرین", {"Nasrin", "Nasreen"}},          {"گلالی", {"Gulalai", "Golalai"}},
};
constexpr F kAfghanFamily[] = {
    {"احمدزی", {"Ahmadzai", "Ahmadzay", "Ahmadzei"}},
    {"پوپلزی", {"Popalzai", "Popalzay"}},
    {"نوری", {"Noori", "Nuri", "Nouri"}},
    {"حیدری", {"Haidari", "Heidari", "Hydari", "Haidary"}},
    {"کریمی", {"Karimi", "Karimy", "Kareemi"}},
    {"صدیقی", {"Siddiqi", "Sediqi", "Siddiqui", "Sadiqi"}},
    {"وردک", {"Wardak", "Wardag"}},
    {"رحیمی", {"Rahimi", "Raheemi", "Rahimy"}},
    {"هاشمی", {"Hashimi", "Hashemi", "Hashmi"}},
    {"امیری", {"Amiri", "Ameeri", "Amiry"}},
    {"سلطانی", {"Sultani", "Soltani"}},
    {"جلالی", {"Jalali", "Djalali"}},
    {"عزیزی", {"Azizi", "Azeezi"}},
    {"مومند", {"Mohmand", "Momand"}},
};
constexpr F kAfghanHonMale[] = {{"حاجی", {"Haji", "Hajji", "Haaji"}}, {"ملا", {"Mullah", "Mulla", "Molla"}}};
constexpr F kAfghanHonFemale[] = {{"بی بی", {"Bibi"}}};

// ---- Pakistani (Urdu) ----
constexpr F kPakistaniMale[] = {
    {"محمد", {"Muhammad", "Mohammad", "Mohammed", "Muhammed"}},
    {"علی", {"Ali", "Aly"}},
    {"عمران", {"Imran", "Emran"}},
    {"عثمان", {"Usman", "Osman", "Uthman"}},
    {"بلال", {"Bilal", "Belal"}},
    {"فیصل", {"Faisal", "Faysal", "Feisal"}},
    {"طارق", {"Tariq", "Tarik", "Tarek"}},
    {"آصف", {"Asif", "Asef"}},
    {"ندیم", {"Nadeem", "Nadim"}},
    {"شاہد", {"Shahid", "Shahed", "Shaheed"}},
    {"وقاص", {"Waqas", "Wakas"}},
    {"کامران", {"Kamran", "Kamraan"}},
    {"زاہد", {"Zahid", "Zahed"}},
    {"سلیم", {"Saleem", "Salim", "Selim"}},
    {"ارشد", {"Arshad", "Arshed"}},
};
constexpr F kPakistaniFemale[] = {
    {"فاطمہ", {"Fatima", "Fatma", "Fatimah"}}, {"عائشہ", {"Ayesha", "Aisha", "Aysha"}},
    {"صائمہ", {"Saima", "Sayma"}},            {"نازیہ", {"Nazia", "Naziya"}},
    {"رابعہ", {"Rabia", "Rabiya"}},
};
constexpr F kPakistaniFamily[] = {
    {"خان", {"Khan", "Kahn"}},
    {"بٹ", {"Butt", "Bhat"}},
    {"چوہدری", {"Chaudhry", "Chaudhary", "Choudhry", "Chowdhury"}},
    {"شیخ", {"Sheikh", "Shaikh", "Shaykh"}},
    {"ملک", {"Malik", "Malick"}},
    {"قریشی", {"Qureshi", "Qureishi", "Kureshi", "Quraishi"}},
    {"مرزا", {"Mirza", "Mirzah"}},
    {"اعوان", {"Awan", "Awaan"}},
    {"راجپوت", {"Rajput"}},
    {"حسین", {"Hussain", "Hussein", "Husain", "Hosain"}},
    {"اقبال", {"Iqbal", "Ikbal"}},
    {"یوسف", {"Yousaf", "Yusuf", "Yousuf", "Yosuf"}},
    {"گیلانی", {"Gilani", "Geelani", "Jilani"}},
};
constexpr F kPakistaniHonMale[] = {{"حاجی", {"Haji", "Hajji"}}, {"چوہدری", {"Chaudhry", "Ch."}}};
constexpr F kPakistaniHonFemale[] = {{"بیگم", {"Begum", "Begam"}}};

// ---- Iranian (Persian) ----
constexpr F kIranianMale[] = {
    {"محمد", {"Mohammad", "Mohamad", "Mohammed"}},
    {"علی", {"Ali"}},
    {"حسین", {"Hossein", "Hosein", "Hussein", "Hosseyn"}},
    {"رضا", {"Reza", "Rida", "Resa"}},
    {"مهدی", {"Mehdi", "Mahdi"}},
    {"امیر", {"Amir", "Ameer"}},
    {"سعید", {"Saeed", "Saeid", "Said"}},
    {"مجید", {"Majid", "Madjid", "Majeed"}},
    {"حمید", {"Hamid", "Hamed"}},
    {"مسعود", {"Masoud", "Masood", "Massoud"}},
    {"بهروز", {"Behrouz", "Behruz", "Behrooz"}},
    {"فرهاد", {"Farhad", "Farhaad"}},
};
constexpr F kIranianFemale[] = {
    {"زهرا", {"Zahra", "Zahrah"}},          {"مریم", {"Maryam", "Mariam"}},
    {"فاطمه", {"Fatemeh", "Fatima", "Fatemah"}}, {"نرگس", {"Narges", "Nargis"}},
    {"لیلا", {"Leila", "Layla", "Leyla"}},
};
constexpr F kIranianFamily[] = {
    {"احمدی", {"Ahmadi", "Ahmady"}},
    {"حسینی", {"Hosseini", "Husseini", "Hoseini"}},
    {"محمدی", {"Mohammadi", "Mohamadi"}},
    {"رضایی", {"Rezaei", "Rezaee", "Rezaie", "Rezai"}},
    {"کریمی", {"Karimi", "Karimy"}},
    {"موسوی", {"Mousavi", "Musavi", "Moosavi"}},
    {"جعفری", {"Jafari", "Jaafari", "Djafari"}},
    {"رحیمی", {"Rahimi", "Rahimy"}},
    {"صادقی", {"Sadeghi", "Sadeqi", "Sadeghy"}},
    {"قاسمی", {"Ghasemi", "Qasemi", "Ghassemi"}},
    {"نوروزی", {"Nowrouzi", "Norouzi", "Nowruzi"}},
    {"کاظمی", {"Kazemi", "Kazimi", "Kasemi"}},
};
constexpr F kIranianHonMale[] = {{"حاج", {"Haj", "Hadj"}}, {"آقا", {"Agha", "Aqa"}}};
constexpr F kIranianHonFemale[] = {{"خانم", {"Khanum", "Khanom"}}};

// ---- Sinhalese (Sinhala script) ----
constexpr F kSinhalaMale[] = {
    {"සුනිල්", {"Sunil"}},           {"නිමල්", {"Nimal"}},           {"කමල්", {"Kamal", "Kamaal"}},
    {"රුවන්", {"Ruwan", "Ruvan"}},   {"චමින්ද", {"Chaminda", "Chamindha"}}, {"අජිත්", {"Ajith", "Ajit"}},
    {"ලසන්ත", {"Lasantha", "Lasanta"}}, {"මහින්ද", {"Mahinda", "Mahindha"}}, {"ප්‍රදීප්", {"Pradeep", "Pradip"}},
    {"සමන්", {"Saman"}},             {"දිනේෂ්", {"Dinesh", "Dhinesh"}},
};
constexpr F kSinhalaFemale[] = {
    {"නිරෝෂා", {"Nirosha", "Niroshaa"}}, {"දිල්හානි", {"Dilhani", "Dilhany"}}, {"චාමරී", {"Chamari", "Chamary"}},
    {"සඳමාලි", {"Sandamali", "Sandamalee"}}, {"කුමාරි", {"Kumari", "Kumaree"}},
};
constexpr F kSinhalaFamily[] = {
    {"පෙරේරා", {"Perera", "Pereira"}},
    {"සිල්වා", {"Silva", "De Silva"}},
    {"ප්‍රනාන්දු", {"Fernando", "Fernandu"}},
    {"ජයසූරිය", {"Jayasuriya", "Jayasooriya"}},
    {"බණ්ඩාර", {"Bandara", "Bandera"}},
    {"විජේසිංහ", {"Wijesinghe", "Wijesinha", "Vijesinghe"}},
    {"දිසානායක", {"Dissanayake", "Dissanayaka", "Disanayake"}},
    {"කුමාර", {"Kumara", "Kumarage"}},
    {"හේරත්", {"Herath", "Herat"}},
    {"ගුණවර්ධන", {"Gunawardena", "Gunawardana", "Goonewardene"}},
    {"රණසිංහ", {"Ranasinghe", "Ranasingha"}},
    {"වීරසිංහ", {"Weerasinghe", "Virasinghe"}},
};
constexpr F kSinhalaHonMale[] = {{"මහතා", {"Mahattaya", "Mr"}}};
constexpr F kSinhalaHonFemale[] = {{"මහත්මිය", {"Mahathmiya", "Mrs"}}};

// ---- Sri Lankan Tamil (Tamil script; the family name is the father's name) ----
constexpr F kTamilMale[] = {
    {"முருகன்", {"Murugan", "Muruhan"}}, {"செல்வம்", {"Selvam", "Selvum"}}, {"கணேஷ்", {"Ganesh", "Kanesh"}},
    {"ராஜா", {"Raja", "Rajah"}},         {"சிவா", {"Siva", "Shiva", "Sivaa"}}, {"குமார்", {"Kumar", "Kumaar"}},
    {"தினேஷ்", {"Dinesh", "Thinesh"}},   {"சுரேஷ்", {"Suresh", "Sures"}},  {"பிரபு", {"Prabhu", "Pirabu"}},
    {"விஜய்", {"Vijay", "Vijai"}},       {"ரவி", {"Ravi", "Ravee"}},       {"கிருஷ்ணன்", {"Krishnan", "Kirushnan"}},
};
constexpr F kTamilFemale[] = {
    {"லக்ஷ்மி", {"Lakshmi", "Laxmi", "Latchumi"}}, {"பிரியா", {"Priya", "Piriya"}}, {"கவிதா", {"Kavitha", "Kavita"}},
    {"மீனா", {"Meena", "Mina"}}, {"தர்ஷினி", {"Dharshini", "Tharshini", "Darshini"}},
};
constexpr F kTamilFamily[] = {
    {"சிவராசா", {"Sivarasa", "Sivarajah", "Sivarasah"}},
    {"கந்தசாமி", {"Kandasamy", "Kandaswamy", "Kanthasamy"}},
    {"நடராஜா", {"Nadarajah", "Nadaraja", "Natarajah"}},
    {"தங்கராஜா", {"Thangarajah", "Thangaraja"}},
    {"இராசையா", {"Rasiah", "Rasaiah", "Irasaiah"}},
    {"செல்வராஜா", {"Selvarajah", "Selvaraja"}},
    {"சுப்பிரமணியம்", {"Subramaniam", "Subramaniyam", "Suppiramaniyam"}},
    {"யோகநாதன்", {"Yoganathan", "Yokanathan"}},
    {"மகேந்திரன்", {"Mahendran", "Magendran"}},
    {"பத்மநாதன்", {"Pathmanathan", "Padmanathan"}},
    {"ஜெயக்குமார்", {"Jeyakumar", "Jayakumar"}},
};
constexpr F kTamilHonMale[] = {{"திரு", {"Thiru", "Tiru"}}};
constexpr F kTamilHonFemale[] = {{"திருமதி", {"Thirumathi", "Tirumati"}}};

// ---- Burmese (Myanmar script; names are two or three syllables, no family name) ----
constexpr F kBurmeseMale[] = {
    {"အောင်", {"Aung", "Aong"}},  {"ကျော်", {"Kyaw", "Kyao"}}, {"မင်း", {"Min", "Minn"}},  {"ဇော်", {"Zaw", "Zow"}},
    {"ထွန်း", {"Htun", "Tun", "Htoon"}}, {"မြင့်", {"Myint", "Myin"}}, {"စိုး", {"Soe", "So"}}, {"ဝင်း", {"Win", "Winn"}},
    {"နိုင်", {"Naing", "Nai"}}, {"သူ", {"Thu", "Thoo"}},   {"ထက်", {"Htet", "Het"}},  {"ဖြိုး", {"Phyo", "Pyo"}},
    {"လွင်", {"Lwin", "Lwinn"}}, {"သန့်", {"Thant", "Than"}},
};
constexpr F kBurmeseFemale[] = {
    {"ခိုင်", {"Khine", "Khaing"}}, {"နွယ်", {"Nwe", "Nway"}}, {"ဆု", {"Su", "Hsu"}}, {"မြတ်", {"Myat", "Myet"}},
    {"လှ", {"Hla", "Hlaa"}},       {"မာ", {"Mar", "Ma"}},     {"သူ", {"Thu", "Thoo"}}, {"ဝင်း", {"Win", "Winn"}},
    {"ဖြိုး", {"Phyo", "Pyo"}},
};
constexpr F kBurmeseHonMale[] = {{"ဦး", {"U", "Oo"}}, {"မောင်", {"Maung", "Mg"}}, {"ကို", {"Ko", "Koh"}}};
constexpr F kBurmeseHonFemale[] = {{"ဒေါ်", {"Daw"}}, {"မ", {"Ma"}}};

// ---- Bengali (Bangladesh) ----
constexpr F kBengaliMale[] = {
    {"মোহাম্মদ", {"Mohammad", "Md", "Muhammad", "Mohammed"}},
    {"আব্দুল", {"Abdul", "Abdool"}},
    {"রহিম", {"Rahim", "Rohim"}},
    {"করিম", {"Karim", "Korim"}},
    {"জাহিদ", {"Zahid", "Jahid"}},
    {"রফিক", {"Rafiq", "Rafik", "Rofiq"}},
    {"সাইফুল", {"Saiful", "Shaiful"}},
    {"আনোয়ার", {"Anwar", "Anowar", "Anwer"}},
    {"মিজানুর", {"Mizanur", "Mijanur"}},
    {"হাসান", {"Hasan", "Hassan"}},
    {"কামাল", {"Kamal", "Kamaal"}},
    {"জসিম", {"Jasim", "Josim", "Jashim"}},
};
constexpr F kBengaliFemale[] = {
    {"ফাতেমা", {"Fatema", "Fatima"}}, {"নাসরিন", {"Nasrin", "Nasreen"}}, {"রোজিনা", {"Rozina", "Rojina"}},
    {"শাহনাজ", {"Shahnaz", "Sahnaz"}}, {"আয়েশা", {"Ayesha", "Aysha"}},
};
constexpr F kBengaliFamily[] = {
    {"হোসেন", {"Hossain", "Hussain", "Hosen", "Hossen"}},
    {"রহমান", {"Rahman", "Rahaman", "Rohman"}},
    {"ইসলাম", {"Islam"}},
    {"আলম", {"Alam", "Alom"}},
    {"উদ্দিন", {"Uddin", "Uddeen"}},
    {"মিয়া", {"Mia", "Miah", "Meah"}},
    {"আহমেদ", {"Ahmed", "Ahmad", "Ahamed"}},
    {"চৌধুরী", {"Chowdhury", "Choudhury", "Chaudhuri"}},
    {"শেখ", {"Sheikh", "Shaikh", "Sheik"}},
    {"সরকার", {"Sarker", "Sarkar", "Shorkar"}},
    {"খান", {"Khan"}},
};
constexpr F kBengaliHonMale[] = {{"আলহাজ", {"Alhaj", "Alhaz"}}, {"হাজী", {"Haji", "Hazi"}}};
constexpr F kBengaliHonFemale[] = {{"মোসাম্মৎ", {"Mst", "Mosammat", "Most"}}};

// ---- Malay (Latin script; patronymic with bin/binti) ----
constexpr F kMalayMale[] = {
    {"Muhammad", {"Muhammad", "Mohd", "Mohamad", "Mohammad"}},
    {"Ahmad", {"Ahmad", "Ahmed", "Amat"}},
    {"Azman", {"Azman", "Asman"}},
    {"Hafiz", {"Hafiz", "Hafeez"}},
    {"Faizal", {"Faizal", "Faisal", "Fayzal"}},
    {"Rizal", {"Rizal", "Rizaal"}},
    {"Zulkifli", {"Zulkifli", "Zulkifly", "Zulkiflee"}},
    {"Ismail", {"Ismail", "Ismael", "Esmail"}},
    {"Hamzah", {"Hamzah", "Hamza"}},
    {"Rosli", {"Rosli", "Roslee"}},
    {"Kamarul", {"Kamarul", "Kamarol"}},
    {"Azlan", {"Azlan", "Aslan"}},
};
constexpr F kMalayFemale[] = {
    {"Nurul", {"Nurul", "Nor", "Noor"}}, {"Siti", {"Siti", "Sity"}}, {"Aishah", {"Aishah", "Aisyah", "Aisha"}},
    {"Farah", {"Farah", "Farrah"}},      {"Noraini", {"Noraini", "Nor Aini"}}, {"Zainab", {"Zainab", "Zaynab"}},
};
constexpr F kMalayHonMale[] = {{"Encik", {"Encik", "En."}}, {"Haji", {"Haji", "Hj."}}, {"Dato'", {"Dato'", "Datuk"}}};
constexpr F kMalayHonFemale[] = {{"Puan", {"Puan", "Pn."}}, {"Hajah", {"Hajah", "Hjh."}}};

// ---- Malaysian Chinese (Han script; family name first) ----
constexpr F kChineseMale[] = {
    {"志明", {"Chee Meng", "Zhiming", "Chi Ming"}}, {"伟强", {"Wai Keong", "Weiqiang", "Wei Keong"}},
    {"建华", {"Kian Hua", "Jianhua", "Kin Wah"}},   {"国良", {"Kok Leong", "Guoliang", "Kwok Leung"}},
    {"俊杰", {"Choon Kiat", "Junjie", "Chun Kit"}}, {"文龙", {"Boon Leong", "Wenlong", "Man Lung"}},
};
constexpr F kChineseFemale[] = {
    {"美玲", {"Mei Ling", "Meiling", "May Ling"}}, {"丽华", {"Lay Hua", "Lihua", "Lai Wah"}},
    {"秀英", {"Siew Eng", "Xiuying", "Sau Ying"}},
};
constexpr F kChineseFamily[] = {
    {"陈", {"Tan", "Chen", "Chan"}}, {"林", {"Lim", "Lin", "Lam"}},   {"李", {"Lee", "Li"}},
    {"黄", {"Wong", "Ng", "Huang", "Ooi"}}, {"张", {"Teo", "Chang", "Cheong", "Zhang"}},
    {"王", {"Ong", "Wang", "Wong"}}, {"吴", {"Goh", "Ng", "Wu"}},     {"刘", {"Lau", "Liu", "Low"}},
};
constexpr F kChineseHon[] = {{"先生", {"Mr"}}};
constexpr F kChineseHonFemale[] = {{"女士", {"Ms"}}};

// ---- Indonesian (Latin script; old and new spelling; many use one name) ----
constexpr F kIndonesianMale[] = {
    {"Budi", {"Budi", "Boedi"}},          {"Agus", {"Agus", "Agoes"}},        {"Slamet", {"Slamet", "Selamet"}},
    {"Joko", {"Joko", "Djoko", "Jokko"}}, {"Hendra", {"Hendra", "Hendrah"}},  {"Dedi", {"Dedi", "Dedy", "Deddy"}},
    {"Rudi", {"Rudi", "Rudy", "Roedi"}},  {"Yusuf", {"Yusuf", "Jusuf", "Yusup"}}, {"Andi", {"Andi", "Andy"}},
    {"Supriyadi", {"Supriyadi", "Soepriyadi", "Supriadi"}}, {"Bambang", {"Bambang"}}, {"Wahyu", {"Wahyu", "Wahyoe"}},
};
constexpr F kIndonesianFemale[] = {
    {"Sri", {"Sri", "Srie"}}, {"Dewi", {"Dewi", "Dewie"}}, {"Siti", {"Siti"}},
    {"Yuliana", {"Yuliana", "Juliana"}}, {"Ratna", {"Ratna", "Ratnah"}},
};
constexpr F kIndonesianFamily[] = {
    {"Santoso", {"Santoso", "Santosa", "Soentoso"}}, {"Wijaya", {"Wijaya", "Widjaja", "Wijaja"}},
    {"Saputra", {"Saputra", "Saputro"}},             {"Setiawan", {"Setiawan", "Setiyawan"}},
    {"Hidayat", {"Hidayat", "Hidajat"}},             {"Kurniawan", {"Kurniawan", "Koerniawan"}},
    {"Nugroho", {"Nugroho", "Nugraha"}},             {"Siregar", {"Siregar"}},
    {"Simanjuntak", {"Simanjuntak", "Simandjuntak"}}, {"Hutapea", {"Hutapea"}},
};
constexpr F kIndonesianHonMale[] = {{"Bapak", {"Bapak", "Pak"}}, {"Haji", {"Haji", "H."}}};
constexpr F kIndonesianHonFemale[] = {{"Ibu", {"Ibu", "Bu"}}};

// ---- Thai ----
constexpr F kThaiMale[] = {
    {"สมชาย", {"Somchai", "Somchay"}}, {"สมศักดิ์", {"Somsak", "Somsakdi"}}, {"ประเสริฐ", {"Prasert", "Prasoet", "Prasirt"}},
    {"วิชัย", {"Wichai", "Vichai", "Wichay"}}, {"สุรชัย", {"Surachai", "Surachay"}}, {"ณรงค์", {"Narong"}},
    {"สมพงษ์", {"Somphong", "Sompong"}}, {"บุญมี", {"Bunmi", "Boonmee", "Boonmi"}}, {"ธนากร", {"Thanakorn", "Thanakon"}},
    {"อนุชา", {"Anucha", "Anuchar"}}, {"ชัยวัฒน์", {"Chaiwat", "Chaiwath"}},
};
constexpr F kThaiFemale[] = {
    {"สมหญิง", {"Somying", "Somyhing"}}, {"มาลี", {"Mali", "Malee"}}, {"สุดา", {"Suda", "Sudaa"}},
    {"นภา", {"Napha", "Napa"}}, {"ศิริพร", {"Siriporn", "Siriphon", "Siriphorn"}}, {"กาญจนา", {"Kanchana", "Kanjana"}},
};
constexpr F kThaiFamily[] = {
    {"ศรีสุข", {"Srisuk", "Sisuk", "Srisook"}},      {"แสงทอง", {"Saengthong", "Sangthong", "Saengtong"}},
    {"สุขสวัสดิ์", {"Suksawat", "Suksawad", "Sooksawat"}}, {"วงศ์สวัสดิ์", {"Wongsawat", "Vongsawat"}},
    {"บุญเรือง", {"Boonruang", "Bunruang", "Boonrueang"}}, {"ทองดี", {"Thongdee", "Thongdi", "Tongdee"}},
    {"จันทร์เพ็ญ", {"Chanpen", "Janpen"}},             {"ใจดี", {"Jaidee", "Chaidi", "Jaidi"}},
    {"สายทอง", {"Saithong", "Saitong"}},               {"พรหมมา", {"Phromma", "Promma"}},
};
constexpr F kThaiHonMale[] = {{"นาย", {"Nai", "Mr"}}, {"คุณ", {"Khun"}}};
constexpr F kThaiHonFemale[] = {{"นาง", {"Nang", "Mrs"}}, {"นางสาว", {"Nangsao", "Miss"}}};

// ---- Khmer (family name first) ----
constexpr F kKhmerMale[] = {
    {"សុខា", {"Sokha", "Sokhaa"}}, {"ដារ៉ា", {"Dara", "Darah"}}, {"វណ្ណា", {"Vanna", "Vana"}},
    {"ពិសិដ្ឋ", {"Piseth", "Pisith"}}, {"សំណាង", {"Samnang", "Somnang"}}, {"វិចិត្រ", {"Vichet", "Vicheth"}},
};
constexpr F kKhmerFemale[] = {
    {"សុភា", {"Sophea", "Sopha"}}, {"ស្រីមុំ", {"Sreymom", "Srey Mom"}}, {"ចាន់ថា", {"Chantha", "Chanta"}},
    {"ធីតា", {"Thida", "Theda"}},
};
constexpr F kKhmerFamily[] = {
    {"សុខ", {"Sok", "Sokh"}}, {"ចាន់", {"Chan", "Chann"}}, {"គឹម", {"Kim", "Keum"}},  {"ហេង", {"Heng"}},
    {"លី", {"Ly", "Lee"}},    {"ឈឹម", {"Chhim", "Chhoeum"}}, {"ម៉ៅ", {"Mao", "Mau"}}, {"ស៊ុន", {"Sun", "Soun"}},
};
constexpr F kKhmerHonMale[] = {{"លោក", {"Lok", "Mr"}}};
constexpr F kKhmerHonFemale[] = {{"លោកស្រី", {"Lok Srey", "Mrs"}}};

// ---- Lao ----
constexpr F kLaoMale[] = {
    {"ສົມສັກ", {"Somsak", "Somsack"}}, {"ບຸນມີ", {"Bounmy", "Bounmi", "Bunmi"}}, {"ສົມພອນ", {"Somphone", "Somphon"}},
    {"ພອນໄຊ", {"Phonexay", "Phonsai", "Phonxay"}}, {"ຄໍາພອນ", {"Khamphone", "Khamphon"}},
};
constexpr F kLaoFemale[] = {
    {"ມະນີ", {"Many", "Mani"}}, {"ນາລີ", {"Nalee", "Nali"}}, {"ແສງເດືອນ", {"Saengdeuane", "Sengdeuan"}},
};
constexpr F kLaoFamily[] = {
    {"ວົງໄຊ", {"Vongxay", "Vongsay", "Wongsai"}}, {"ພົມມະວົງ", {"Phommavong", "Phomavong"}},
    {"ສີສະຫວາດ", {"Sisavath", "Sisavat"}},        {"ແກ້ວມະນີ", {"Keomany", "Kaewmani"}},
};
constexpr F kLaoHonMale[] = {{"ທ້າວ", {"Thao", "Tao"}}};
constexpr F kLaoHonFemale[] = {{"ນາງ", {"Nang"}}};

// ---- Australian and New Zealand ----
constexpr F kAngloMale[] = {
    {"Michael", {"Michael", "Micheal"}}, {"David", {"David"}}, {"John", {"John", "Jon"}}, {"Peter", {"Peter"}},
    {"Mark", {"Mark", "Marc"}}, {"Daniel", {"Daniel"}}, {"Craig", {"Craig"}}, {"Steven", {"Steven", "Stephen"}},
};
constexpr F kAngloFemale[] = {
    {"Sarah", {"Sarah", "Sara"}}, {"Emma", {"Emma"}}, {"Jessica", {"Jessica", "Jessika"}}, {"Michelle", {"Michelle"}},
};
constexpr F kAngloFamily[] = {
    {"Smith", {"Smith"}},   {"Brown", {"Brown"}},   {"Wilson", {"Wilson", "Willson"}}, {"Taylor", {"Taylor"}},
    {"Jones", {"Jones"}},   {"Williams", {"Williams"}}, {"Thompson", {"Thompson", "Thomson"}},
    {"Walker", {"Walker"}}, {"Ngata", {"Ngata"}},   {"Parata", {"Parata"}},
};
constexpr F kAngloHonMale[] = {{"Mr", {"Mr", "Mr."}}};
constexpr F kAngloHonFemale[] = {{"Ms", {"Ms", "Mrs"}}};

using O = NameOrder;
using G = NameGroupId;

const NameGroup kGroups[kNameGroupCount] = {
    {G::kAfghan, "afghan", "Arab", O::kGivenFamily, true, 0.25, kAfghanMale, kAfghanFemale, kAfghanFamily,
     kAfghanHonMale, kAfghanHonFemale},
    {G::kPakistani, "pakistani", "Arab", O::kGivenFamily, true, 0.0, kPakistaniMale, kPakistaniFemale,
     kPakistaniFamily, kPakistaniHonMale, kPakistaniHonFemale},
    {G::kIranian, "iranian", "Arab", O::kGivenFamily, true, 0.0, kIranianMale, kIranianFemale, kIranianFamily,
     kIranianHonMale, kIranianHonFemale},
    {G::kSinhalese, "sinhalese", "Sinh", O::kGivenFamily, true, 0.0, kSinhalaMale, kSinhalaFemale, kSinhalaFamily,
     kSinhalaHonMale, kSinhalaHonFemale},
    {G::kTamil, "sri_lankan_tamil", "Taml", O::kGivenFamily, true, 0.0, kTamilMale, kTamilFemale, kTamilFamily,
     kTamilHonMale, kTamilHonFemale},
    {G::kBurmese, "burmese", "Mymr", O::kSyllables, false, 0.0, kBurmeseMale, kBurmeseFemale, {}, kBurmeseHonMale,
     kBurmeseHonFemale},
    {G::kBengali, "bengali", "Beng", O::kGivenFamily, true, 0.0, kBengaliMale, kBengaliFemale, kBengaliFamily,
     kBengaliHonMale, kBengaliHonFemale},
    {G::kMalay, "malay", "Latn", O::kPatronymic, true, 0.0, kMalayMale, kMalayFemale, {}, kMalayHonMale,
     kMalayHonFemale},
    {G::kChinese, "malaysian_chinese", "Hani", O::kFamilyGiven, false, 0.0, kChineseMale, kChineseFemale,
     kChineseFamily, kChineseHon, kChineseHonFemale},
    {G::kIndonesian, "indonesian", "Latn", O::kGivenFamily, true, 0.45, kIndonesianMale, kIndonesianFemale,
     kIndonesianFamily, kIndonesianHonMale, kIndonesianHonFemale},
    {G::kThai, "thai", "Thai", O::kGivenFamily, true, 0.0, kThaiMale, kThaiFemale, kThaiFamily, kThaiHonMale,
     kThaiHonFemale},
    {G::kKhmer, "khmer", "Khmr", O::kFamilyGiven, true, 0.0, kKhmerMale, kKhmerFemale, kKhmerFamily, kKhmerHonMale,
     kKhmerHonFemale},
    {G::kLao, "lao", "Laoo", O::kGivenFamily, true, 0.0, kLaoMale, kLaoFemale, kLaoFamily, kLaoHonMale,
     kLaoHonFemale},
    {G::kAnglo, "anglo", "Latn", O::kGivenFamily, true, 0.0, kAngloMale, kAngloFemale, kAngloFamily, kAngloHonMale,
     kAngloHonFemale},
};

}  // namespace

const NameGroup& GetNameGroup(NameGroupId id) { return kGroups[static_cast<int>(id)]; }

}  // namespace disrupt::generate
