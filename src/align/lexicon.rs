//! A small hand-written Arabic–English lexicon of high-value news words (countries and
//! nationalities, capitals, months in both the Levantine and the Egyptian series, weekdays,
//! number words, common news nouns and verbs) and the lookup of a word of either side to its
//! concept ids.
//!
//! Arabic words are looked up after `text::normalize`, with proclitics (`و`, `ف`, `ب`, `ل`,
//! `ك`, the article) and one common suffix (plural, feminine, possessive) stripped; English words
//! after lower-casing, dropping a possessive and a light suffix stemmer (`killed`, `killing` and
//! `kills` all give `kill`). A concept found on both sides of a bead is evidence that the bead
//! pairs translations.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::normalize::normalize;

/// One concept per line: Arabic forms (any spelling; normalised on loading), `|`, English forms
/// (stemmed on loading). Forms are separated by spaces.
const ENTRIES: &str = "\
مصر مصري مصريه مصريين مصريون|egypt egyptian
سوريا سوريه سوري سوريين|syria syrian
العراق عراق عراقي عراقيين|iraq iraqi
لبنان لبناني|lebanon lebanese
الأردن أردني|jordan jordanian
فلسطين فلسطيني فلسطينيين|palestine palestinian
إسرائيل إسرائيلي إسرائيليين|israel israeli
إيران إيراني إيرانيين|iran iranian
تركيا تركي أتراك|turkey turkish
السعودية سعودي|saudi
اليمن يمني|yemen yemeni
قطر قطري|qatar qatari
الكويت كويتي|kuwait kuwaiti
الإمارات إماراتي|emirates emirati uae
ليبيا ليبي|libya libyan
تونس تونسي|tunisia tunisian
الجزائر جزائري|algeria algerian
المغرب مغربي|morocco moroccan
السودان سوداني|sudan sudanese
أمريكا أميركا أمريكي أميركي أمريكيين أميركيين|america american
الولايات ولاية|state
المتحدة|united
بريطانيا بريطاني بريطانيين|britain british
المملكة|kingdom
إنجلترا إنكلترا إنجليزي إنكليزي|england english
أسكتلندا اسكتلندا أسكتلندي اسكتلندي|scotland scottish scots
ويلز|wales welsh
أيرلندا إيرلندا أيرلندي|ireland irish
فرنسا فرنسي فرنسيين|france french
ألمانيا ألماني ألمان|germany german
إيطاليا إيطالي|italy italian
إسبانيا إسباني|spain spanish
البرتغال برتغالي|portugal portuguese
هولندا هولندي|netherlands dutch holland
بلجيكا بلجيكي|belgium belgian
السويد سويدي|sweden swedish
النرويج نرويجي|norway norwegian
اليونان يوناني|greece greek
بولندا بولندي|poland polish
روسيا روسي روس|russia russian
أوكرانيا أوكراني|ukraine ukrainian
الصين صيني صينيين|china chinese
اليابان ياباني|japan japanese
كوريا كوري|korea korean
الهند هندي|india indian
باكستان باكستاني|pakistan pakistani
أفغانستان أفغاني|afghanistan afghan
إندونيسيا إندونيسي|indonesia indonesian
الفلبين فلبيني|philippines philippine filipino
أستراليا أسترالي|australia australian
كندا كندي|canada canadian
المكسيك مكسيكي|mexico mexican
البرازيل برازيلي|brazil brazilian
الأرجنتين أرجنتيني|argentina argentine
أوروبا أوروبي أوروبية|europe european
أفريقيا إفريقيا أفريقي|africa african
آسيا آسيوي|asia asian
العربي العربية عربي عرب|arab arabic
لندن|london
باريس|paris
واشنطن|washington
نيويورك|york
موسكو|moscow
بكين|beijing
طوكيو|tokyo
برلين|berlin
القاهرة|cairo
دمشق|damascus
بغداد|baghdad
بيروت|beirut
القدس|jerusalem
غزة|gaza
الرياض|riyadh
طهران|tehran
أنقرة|ankara
إسطنبول اسطنبول|istanbul
بروكسل|brussels
جنيف|geneva
روما|rome
مدريد|madrid
يناير|january
فبراير شباط|february
مارس آذار|march
أبريل إبريل نيسان|april
يونيو يونيه حزيران|june
يوليو يوليه تموز|july
أغسطس|august
سبتمبر أيلول|september
أكتوبر|october
نوفمبر|november
ديسمبر|december
تشرين|october november
كانون|december january
الاثنين|monday
الثلاثاء|tuesday
الأربعاء|wednesday
الخميس|thursday
الجمعة|friday
السبت|saturday
الأحد|sunday
واحد واحدة|one
اثنان اثنين اثنتين اثنتان|two
ثلاثة ثلاث|three
أربعة أربع|four
خمسة خمس|five
ستة|six
سبعة سبع|seven
ثمانية ثماني|eight
تسعة تسع|nine
عشرة عشر|ten
عشرين عشرون|twenty
مئة مائة مئات|hundred
ألف آلاف|thousand
مليون ملايين|million
مليار مليارات|billion
بالمئة بالمائة المئة المائة|percent cent
نصف|half
ربع|quarter
رئيس رئيسة رؤساء رئاسة رئاسي|president presidential head chief
الوزراء|prime
وزير وزيرة وزراء وزارة|minister ministry secretary
حكومة حكومي حكومات|government
شرطة الشرطة شرطي|police officer
محكمة محاكم|court
قاضي قاضية قضاة|judge
محامي محامية محامون|lawyer attorney
قتل قتلى مقتل قتلوا يقتل|kill dead death
توفي وفاة مات موت|die death dead
إصابة إصابات أصيب أصيبوا مصاب جرحى جريح|injure injury wound hurt
قال قالت يقول تقول وقال|say said tell told
أضاف أضافت|add
انتخابات انتخاب انتخابي|election elect
تصويت أصوات صوت|vote
شركة شركات|company firm
دولار دولارات|dollar
إسترليني جنيه|pound sterling
يورو|euro
عام أعوام سنة سنوات عاما|year
شهر أشهر شهور|month
أسبوع أسابيع|week
يوم أيام|day
ساعة ساعات|hour
دقيقة دقائق|minute
اليوم|today
أمس|yesterday
غدا|tomorrow
حرب حروب|war
جيش جيوش عسكري|army military
جنود جندي|soldier troop
هجوم هجمات هاجم|attack
انفجار|explosion blast
قنبلة|bomb
سلاح أسلحة|weapon arm
نووي|nuclear
صاروخ صواريخ|missile rocket
طائرة طائرات|aircraft plane jet
مطار|airport
سيارة سيارات|car vehicle
حادث حادثة|accident incident
مستشفى مستشفيات|hospital
طبيب أطباء|doctor
مرض أمراض|disease illness
صحة صحي|health
مدرسة مدارس|school
جامعة جامعات|university
طالب طلاب|student pupil
طفل أطفال|child children
امرأة نساء|woman women
رجل رجال|man men
عائلة عائلات أسرة|family
منزل منازل|home house
مدينة مدن|city town
قرية|village
بلد بلاد|country
دولة دول|state country
شخص أشخاص الناس|people person
مواطن مواطنين|citizen
لاجئ لاجئين|refugee
مهاجر مهاجرين الهجرة|migrant immigrant immigration
حدود|border
اتفاق اتفاقية|agreement deal
صفقة|deal
عقوبات|sanction
اقتصاد اقتصادي|economy economic
سوق أسواق|market
أسعار سعر|price
نفط|oil
غاز|gas
مياه|water
كهرباء|electricity power
طاقة|energy
أموال|money fund
ضرائب ضريبة|tax
بنك بنوك مصرف|bank
استثمار استثمارات|investment invest
تجارة تجاري|trade
عمال|worker
وظائف وظيفة|job
أعلن أعلنت|announce
تقرير تقارير|report
صحيفة|newspaper
تلفزيون|television
مقابلة|interview
بيان|statement
مؤتمر|conference
اجتماع|meeting
قمة|summit
زعيم زعماء قادة قائد|leader captain
حزب أحزاب|party
البرلمان برلماني|parliament
مجلس|council
ديمقراطي الديمقراطيين|democrat democratic
جمهوري الجمهوريين|republican
معارضة|opposition
احتجاج احتجاجات متظاهرين مظاهرات|protest protester
سجن سجون|prison jail
اعتقال اعتقل|arrest
تهمة تهم اتهام اتهم|charge accuse
جريمة جرائم|crime
ضحايا ضحية|victim
تحقيق تحقيقات|investigation inquiry
قانون قوانين|law
حقوق|right
أمن أمني|security
إرهاب إرهابي|terror terrorism terrorist
زلزال|earthquake quake
فيضان فيضانات|flood
عاصفة|storm
إعصار|hurricane cyclone
حريق حرائق|fire
أمطار|rain
الطقس|weather
مناخ|climate
بحر|sea
نهر|river
جزيرة|island
ساحل|coast coastline
شمال شمالي|north northern
جنوب جنوبي|south southern
شرق شرقي|east eastern
غرب غربي|west western
فريق|team
مباراة مباريات|match game
لاعب لاعبين|player
هدف أهداف|goal target
كأس|cup
بطولة|championship tournament
فوز فاز|win victory
خسارة خسر|loss lose
موسم|season
مدرب|coach manager
ملعب|stadium pitch
فيلم أفلام|film movie
أغنية أغاني|song
موسيقى|music
كتاب|book
دراسة دراسات|study
كنيسة|church
مسجد|mosque
مسلم مسلمين|muslim
ملك|king
ملكة|queen
أمير|prince
زوج زوجة|husband wife
ابن أبناء|son
ابنة|daughter
شقيق|brother
شقيقة|sister
صديق أصدقاء|friend
جديد جديدة|new
الأبيض|white
أسود|black
أحمر|red
الذهب ذهبي|gold golden
مليونير|millionaire
كيلومتر كيلو|km kilometre kilometer
ميل أميال|mile
درجة|degree grade
مرة مرات|time
أكد أكدت|confirm
نفى|deny
رفض|reject refuse
حذر|warn
زيارة زار|visit
افتتاح|open
إغلاق أغلق|close
ارتفاع ارتفع|rise increase
انخفاض انخفض|fall drop decline
بيع|sell sale
شراء|buy purchase
تاريخ تاريخي|history historic
العالم عالمي|world global
الدولي الدولية|international
لغة لغات|language
مستقبل|future
الماضي|past last
شباب|young youth
صباح|morning
مساء|evening
ليلة ليل|night
حياة الحياة|life
صحفي صحفيين صحافة|journalist press
إعلام إعلامي|media
موقع مواقع|site website
الإنترنت إنترنت|internet online
هاتف هواتف|phone
تكنولوجيا|technology
علوم علمي|science scientific scientist
هندسة|engineering
رياضيات|mathematics math
بيانات|data
برنامج برامج|program programme
شبكة|network
مشروع مشاريع|project
خطة خطط|plan
قرار قرارات|decision
سياسة سياسي سياسات|politics political policy politician
مسؤول مسؤولين مسؤولون|official
موظف موظفين|employee staff
مدير مديرة|director manager
عضو أعضاء|member
لجنة|committee commission
منظمة|organization organisation
الأمم|nation
الاتحاد|union
حلف|alliance
جماعة مجموعة|group
قوات قوة|force
دفاع|defence defense defender
الخارجية|foreign
الداخلية|interior home
العدل|justice
المالية|finance financial
تعليم|education
زراعة زراعي|agriculture agricultural farm
مزارع مزارعين|farmer
غذاء طعام|food
فقر فقراء|poverty poor
أزمة|crisis
مساعدة مساعدات|aid help assistance
دعم|support
خطر مخاطر|risk danger
تهديد تهديدات|threat
سلام|peace
مفاوضات محادثات|talk negotiation
قضية قضايا|case issue
دعوى|lawsuit suit
حكم|ruling sentence verdict
عقوبة|sentence penalty punishment
إعدام|execution
شهادة|testimony testify
شاهد شهود|witness
محاكمة|trial
الادعاء|prosecutor prosecution
الدستور|constitution
مرشح مرشحين|candidate
ناخبين|voter
حملة|campaign
فضيحة|scandal
اعتداء|assault abuse
عنف|violence violent
سرقة|theft robbery
مخدرات|drug
نوم|sleep
طبي|medical
علاج|treatment
دواء أدوية|drug medicine
فيروس|virus
سرطان|cancer
قلب|heart
أرض|land ground earth
سماء|sky
شمس|sun
فضاء|space
كوكب|planet
حيوان حيوانات|animal
كلب كلاب|dog
طيور طائر|bird
أسماك سمك|fish
شجرة أشجار|tree
غابة غابات|forest
مصنع مصانع|factory plant
إنتاج|production produce
صناعة|industry
شاحنة|truck lorry
قطار|train
حافلة|bus
سفينة|ship
طريق طرق|road
شارع شوارع|street
جسر|bridge
مبنى مباني|building
فندق|hotel
مطعم|restaurant
متجر متاجر|shop store
أسهم|share stock
بورصة|exchange
أرباح|profit
خسائر|loss
ديون|debt
ميزانية|budget
رواتب راتب أجور|salary wage
بطالة|unemployment
نمو|growth
تضخم|inflation
عملة|currency
قرض قروض|loan
تكلفة تكاليف|cost
مجاني|free
كبير كبيرة|big large major
صغير صغيرة|small little
طويل طويلة|long
قصير قصيرة|short
قديم قديمة|old
سريع سريعة|fast quick
جيد جيدة|good
أفضل|best better
أسوأ|worst worse
مهم مهمة|important
صعب صعبة|difficult hard
مستحيل|impossible
حقيقة|truth reality fact
أخبار خبر|news
قصة|story
صورة صور|photo picture image
فيديو|video
رسالة رسائل|message letter
خطاب|speech
سؤال أسئلة|question
تويتر تغريدة|twitter tweet
فيسبوك|facebook
رياضة رياضي|sport
القدم|football
سلة|basketball
سباق|race
ميدالية|medal
أولمبية أولمبي|olympic
الدوري|league
النهائي نهائي|final
ركلة|kick
جزاء|penalty
حارس|goalkeeper keeper guard
تعادل|draw
مسرح|theatre theater
فنان فنانة|artist
معرض|exhibition
جائزة جوائز|award prize
مهرجان|festival
حفل|concert ceremony
زواج|marriage wedding
طلاق|divorce
احتفال|celebration celebrate
الله|god allah
صلاة|prayer
انسحاب الانسحاب|withdrawal
خروج|exit
عودة|return
رحلة رحلات|trip flight journey
سياحة سياح|tourism tourist
ترحيل|deportation deport
لجوء|asylum
جنسية|citizenship nationality
سفارة|embassy
سفير|ambassador
دبلوماسي|diplomat diplomatic
علاقات علاقة|relation relationship
نسبة|rate percentage proportion
معدل|rate average
وطني|national
محلي|local
";

/// Suffixes stripped (one at a time) before an Arabic lookup, normalised spelling.
const ARABIC_SUFFIXES: &[&str] = &[
    "ات", "ون", "ين", "ان", "يه", "يين", "يون", "ه", "ها", "هم", "هما", "هن", "ي", "وا", "كم", "نا",
];

/// The lexicon: surface forms of each side mapped to concept ids.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    arabic: HashMap<String, Vec<u16>>,
    english: HashMap<String, Vec<u16>>,
}

fn add(map: &mut HashMap<String, Vec<u16>>, key: String, id: u16) {
    let ids = map.entry(key).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}

impl Lexicon {
    fn build() -> Self {
        let mut lex = Self::default();
        for (k, line) in ENTRIES.lines().enumerate() {
            let Some((ar, en)) = line.split_once('|') else {
                continue;
            };
            let id = u16::try_from(k).unwrap_or(u16::MAX);
            for form in ar.split_whitespace() {
                add(&mut lex.arabic, normalize(form), id);
            }
            for form in en.split_whitespace() {
                add(&mut lex.english, english_stem(form), id);
            }
        }
        lex
    }

    /// The shared lexicon, built on first use.
    pub(crate) fn get() -> &'static Self {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Self::build)
    }

    /// Concept ids of a normalised Arabic word (see `text::normalize`).
    pub(crate) fn arabic_concepts(&self, word: &str) -> Vec<u16> {
        let mut out: Vec<u16> = Vec::new();
        let mut push = |key: &str| {
            if let Some(ids) = self.arabic.get(key) {
                for &id in ids {
                    if !out.contains(&id) {
                        out.push(id);
                    }
                }
            }
        };
        for (core, definite) in proclitic_splits(word) {
            let mut keys = vec![core.to_owned()];
            for suffix in ARABIC_SUFFIXES {
                let Some(s) = core.strip_suffix(suffix) else {
                    continue;
                };
                if s.chars().count() < 2 {
                    continue;
                }
                keys.push(s.to_owned());
                // A ta marbuta is written `ت` before a suffix: `مدرستها`.
                if let Some(t) = s.strip_suffix('ت') {
                    keys.push(format!("{t}ه"));
                }
            }
            for key in keys {
                push(&key);
                if definite {
                    push(&format!("ال{key}"));
                }
            }
        }
        out
    }

    /// Concept ids of an English word (any case).
    pub(crate) fn english_concepts(&self, word: &str) -> &[u16] {
        self.english
            .get(&english_stem(word))
            .map_or(&[], Vec::as_slice)
    }
}

/// The ways to read `word` as proclitics (a conjunction `و`/`ف`, a preposition `ب`/`ك`/`ل`,
/// the article `ال`, `لل` for `ل` + article) and a core of at least three letters (two when
/// nothing was stripped), with whether the article was among them.
fn proclitic_splits(word: &str) -> Vec<(&str, bool)> {
    let mut out = vec![(word, false)];
    for conj in ["", "و", "ف"] {
        let Some(a) = word.strip_prefix(conj) else {
            continue;
        };
        for prep in ["", "ب", "ك", "ل"] {
            let Some(b) = a.strip_prefix(prep) else {
                continue;
            };
            let mut cores = vec![(b, false)];
            if let Some(c) = b.strip_prefix("ال") {
                cores.push((c, true));
            }
            if prep == "ل" {
                if let Some(c) = b.strip_prefix('ل') {
                    cores.push((c, true));
                }
            }
            for (core, definite) in cores {
                let stripped = core.len() < word.len();
                if stripped && core.chars().count() >= 3 && !out.contains(&(core, definite)) {
                    out.push((core, definite));
                }
            }
        }
    }
    out
}

/// A light English stemmer: lower case, possessive dropped, then one of `-ies`, `-ing`, `-ed`,
/// `-es` (after a sibilant) or `-s` removed where enough of the word is left.
pub(crate) fn english_stem(word: &str) -> String {
    let mut w = word.to_lowercase();
    for poss in ["'s", "’s"] {
        if let Some(s) = w.strip_suffix(poss) {
            w = s.to_owned();
        }
    }
    let n = w.chars().count();
    let rules: [(&str, usize, &str); 3] = [("ies", 4, "y"), ("ing", 5, ""), ("ed", 4, "")];
    for (suffix, min, replacement) in rules {
        if n > min {
            if let Some(s) = w.strip_suffix(suffix) {
                return format!("{s}{replacement}");
            }
        }
    }
    if n > 4
        && ["ses", "xes", "ches", "shes"]
            .iter()
            .any(|x| w.ends_with(x))
    {
        if let Some(s) = w.strip_suffix("es") {
            return s.to_owned();
        }
    }
    if n > 3 && !w.ends_with("ss") && !w.ends_with("us") {
        if let Some(s) = w.strip_suffix('s') {
            return s.to_owned();
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::{Lexicon, english_stem};
    use crate::text::normalize::normalize;

    fn ar(word: &str) -> Vec<u16> {
        Lexicon::get().arabic_concepts(&normalize(word))
    }

    fn en(word: &str) -> Vec<u16> {
        Lexicon::get().english_concepts(word).to_vec()
    }

    #[test]
    fn english_stems_meet() {
        assert_eq!(english_stem("killed"), english_stem("killing"));
        assert_eq!(english_stem("kills"), "kill");
        assert_eq!(english_stem("Ministries"), "ministry");
        assert_eq!(english_stem("Britain's"), "britain");
        assert_eq!(english_stem("news"), "new");
        assert_eq!(english_stem("bus"), "bus");
    }

    #[test]
    fn clitics_and_suffixes_are_stripped() {
        let government = en("government");
        assert!(!government.is_empty());
        assert_eq!(ar("الحكومة"), government);
        assert_eq!(ar("والحكومة"), government);
        assert_eq!(ar("حكومات"), government);
        assert_eq!(ar("بالحكومة"), government);
        let school = en("schools");
        assert_eq!(ar("المدارس"), school);
        assert_eq!(ar("مدرستها"), school);
        assert_eq!(ar("للمدرسة"), school);
        assert_eq!(ar("ومدارسهم"), school);
        // The article form of a weekday only matches with the article.
        assert!(ar("اثنين").iter().all(|id| !en("Monday").contains(id)));
        assert_eq!(ar("والخميس"), en("Thursday"));
    }

    #[test]
    fn normalised_spellings_meet() {
        // Alef forms, ta marbuta, alef maqsura.
        assert_eq!(ar("إسرائيل"), ar("اسرائيل"));
        assert_eq!(ar("القاهرة"), ar("القاهره"));
        assert_eq!(ar("مستشفى"), en("hospital"));
        assert_eq!(ar("مستشفي"), en("hospital"));
        assert_eq!(ar("أمريكا"), en("American"));
    }

    #[test]
    fn both_month_series_meet() {
        assert_eq!(ar("تموز"), en("July"));
        assert_eq!(ar("يوليو"), en("July"));
        assert_eq!(ar("وآذار"), en("March"));
        assert!(ar("تشرين").iter().any(|id| en("November").contains(id)));
        assert_eq!(ar("الثلاثاء"), en("Tuesday"));
    }

    #[test]
    fn number_words_meet() {
        assert_eq!(ar("ملايين"), en("million"));
        assert_eq!(ar("وستة"), en("six"));
        assert!(ar("بالمئة").contains(&en("percent")[0]));
        assert_eq!(ar("ثلاثة"), en("three"));
    }
}
