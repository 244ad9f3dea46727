// PersonFinder: rules over capitalised word sequences.
//
// One pass cuts the text into words (byte offsets, case shape, sentence starts);
// maximal runs of capitalised words (with name particles such as "von der" or
// "bin" inside) are the candidates. Titles are cut off the front, organisations
// are recognised by their last word, and each remaining name is judged on its own
// evidence (a given name, an initial, a title or role before it, a reporting verb
// after it, an apposition or an age). Accepted full names then lend their parts
// as aliases, so "Mr Xi", "President Putin" and a headline's "PUTIN" resolve.
#include "indexer/person_finder.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

// The given-name and family-name lists, generated at build time by
// indexer/data/people.cmake from indexer/data/first_names.txt and
// person_family_names.txt.
#include "person_names.inc"

namespace newsdex {


namespace {

using WordSet = std::unordered_set<std::string_view>;

// ---------------------------------------------------------------- word lists
// Hand-written: lower-case forms unless said otherwise.

// Titles and roles that stand before a name and are never part of it.
const char* const kTitles[] = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "madame", "mme", "monsieur", "herr",
    "frau", "signor", "senor", "señor", "president", "vice-president", "premier", "chancellor",
    "minister", "secretary", "secretary-general", "under-secretary", "undersecretary", "king",
    "queen", "prince", "princess", "pope", "emperor", "empress", "crown", "sultan", "emir", "sheikh",
    "shaikh", "ayatollah", "mullah", "imam", "rabbi", "cardinal", "archbishop", "bishop", "reverend",
    "rev", "father", "brother", "sister", "patriarch", "general", "gen", "lieutenant", "lt", "colonel",
    "col", "major", "maj", "captain", "capt", "sergeant", "sgt", "corporal", "private", "admiral",
    "adm", "commander", "cmdr", "marshal", "field", "brigadier", "senator", "sen", "congressman",
    "congresswoman", "representative", "rep", "governor", "gov", "mayor", "judge", "justice",
    "magistrate", "prosecutor", "attorney", "attorney-general", "ambassador", "envoy", "deputy",
    "vice", "speaker", "chairman", "chairwoman", "chairperson", "chief", "director", "commissioner",
    "professor", "prof", "inspector", "detective", "constable", "superintendent", "coach", "manager",
    "striker", "midfielder", "defender", "goalkeeper", "keeper", "captain", "skipper", "champion",
    "spokesman", "spokeswoman", "leader", "opposition", "dictator", "strongman", "chief-executive",
    "treasurer", "controller", "comptroller", "councillor", "alderman", "assemblyman", "mp", "mep",
    "doctor", "nurse", "officer", "agent", "sheriff", "warden", "pastor", "saint", "st", "ex-president",
    "ex-prime", "former", "late", "incumbent", "acting", "interim", "foreign", "prime", "defence",
    "defense", "finance", "interior", "trade", "state", "economy", "economics", "energy", "health",
    "education", "justice", "labour", "labor", "agriculture", "transport", "industry", "culture",
    "sports", "environment", "information", "communications", "oil", "fisheries", "tourism",
    "dalai", "ayatollah", "hojatoleslam", "maulana", "mufti", "rebbe", "monsignor", "cleric",
    "veteran", "compatriot", "teammate", "team-mate", "rookie", "left-hander", "right-hander",
    "batsman", "bowler", "opener", "spinner", "all-rounder", "wicketkeeper", "pitcher", "catcher",
    "quarterback", "winger", "forward", "centre-forward", "center", "sprinter", "jockey", "trainer",
    "rider", "driver", "cyclist", "golfer", "boxer", "swimmer", "runner", "seed", "top-seeded",
    "second-seeded", "unseeded", "defending", "holder", "titleholder", "challenger", "world",
    "olympic", "european", "national", "head", "assistant", "associate", "executive", "general-secretary",
    "party", "union", "ruling", "junior", "senior", "tycoon", "billionaire", "businessman", "actor",
    "actress", "singer", "author", "writer", "novelist", "poet", "composer", "conductor", "director",
    "film-maker", "filmmaker", "playwright", "artist", "photographer", "journalist", "correspondent",
    "editor", "columnist", "analyst", "economist", "strategist", "dealer", "trader", "broker",
    "lawyer", "negotiator", "mediator", "diplomat", "official", "aide", "adviser", "advisor",
    "counsel", "dissident", "activist", "rebel", "militant", "warlord", "candidate", "nominee",
    "hopeful", "challenger", "lawmaker", "legislator", "politician", "deputy", "delegate",
};

// Titles that, capitalised before a single word, make it a person even when the
// word is also a place ("President Washington", "Mr Jordan").
const char* const kHonorifics[] = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "premier",
    "chancellor", "minister", "secretary", "king", "queen", "prince", "princess", "pope", "sheikh",
    "general", "gen", "colonel", "col", "captain", "capt", "senator", "sen", "governor", "gov", "mayor",
    "judge", "justice", "ambassador", "professor", "prof", "coach", "cardinal", "archbishop", "bishop",
    "rev", "reverend", "father", "emir", "sultan", "ayatollah", "imam", "rabbi", "madame", "monsieur",
    "herr", "frau", "lieutenant", "lt", "sergeant", "sgt", "admiral", "commander", "marshal", "chairman",
};

// Lower-case words that, right before a name, say it is a person (a subset of
// titles that are common in running text: "said coach Guus Hiddink").
const char* const kRoleNouns[] = {
    "president", "premier", "chancellor", "minister", "secretary", "secretary-general", "king",
    "queen", "prince", "princess", "pope", "leader", "spokesman", "spokeswoman", "chairman",
    "chairwoman", "chief", "director", "coach", "manager", "striker", "midfielder", "defender",
    "goalkeeper", "keeper", "captain", "skipper", "champion", "senator", "governor", "mayor", "judge",
    "prosecutor", "ambassador", "envoy", "deputy", "speaker", "commissioner", "professor",
    "inspector", "general", "colonel", "commander", "officer", "analyst", "economist", "strategist",
    "dealer", "trader", "broker", "lawyer", "attorney", "negotiator", "mediator", "diplomat",
    "official", "aide", "adviser", "advisor", "dissident", "activist", "rebel", "warlord",
    "candidate", "nominee", "lawmaker", "legislator", "politician", "delegate", "actor", "actress",
    "singer", "author", "writer", "novelist", "poet", "composer", "journalist", "correspondent",
    "editor", "columnist", "businessman", "businesswoman", "tycoon", "billionaire", "veteran",
    "compatriot", "teammate", "team-mate", "rookie", "batsman", "bowler", "opener", "spinner",
    "all-rounder", "wicketkeeper", "pitcher", "catcher", "quarterback", "winger", "forward",
    "sprinter", "jockey", "trainer", "rider", "driver", "cyclist", "golfer", "boxer", "swimmer",
    "runner", "seed", "holder", "titleholder", "challenger", "opponent", "rival", "winner",
    "widow", "wife", "husband", "son", "daughter", "father", "mother", "brother", "sister",
    "nephew", "niece", "cousin", "uncle", "aunt", "grandson", "granddaughter", "fiancee",
    "girlfriend", "boyfriend", "successor", "predecessor", "counterpart", "colleague", "ally",
    "friend", "mr", "mrs", "ms", "dr", "sir", "fellow", "midfield", "defence", "playmaker",
    "centre-back", "full-back", "fullback", "sweeper", "international", "newcomer", "substitute",
    "scorer", "finalist", "semifinalist", "medallist", "medalist", "olympian", "star", "ace",
    "hero", "legend", "great", "referee", "umpire", "steward", "patient", "victim", "suspect",
    "defendant", "witness", "gunman", "hostage", "cleric", "priest", "monk", "nun", "bishop",
    "cardinal", "archbishop", "rabbi", "imam", "sheikh", "ayatollah", "minister-president",
    "vice-chairman", "vice-president", "chief-executive", "founder", "co-founder", "owner",
    "proprietor", "investor", "banker", "financier", "industrialist", "magnate", "executive",
    "spokesperson", "representative", "emissary", "governor-general", "premier-elect",
    "president-elect", "junta", "dictator", "strongman", "chieftain", "leader-in-exile",
};

// Words after a name that show a person speaking or acting.
const char* const kSpeechVerbs[] = {
    "said", "says", "told", "tells", "added", "adds", "stated", "announced", "declared", "insisted",
    "warned", "admitted", "explained", "argued", "noted", "denied", "claimed", "replied", "asked",
    "wrote", "writes", "urged", "stressed", "acknowledged", "confirmed", "commented", "continued",
    "recalled", "predicted", "suggested", "conceded", "complained", "estimated", "agreed", "accused",
    "praised", "criticised", "criticized", "believes", "believed", "thinks", "thought", "hopes",
    "hoped", "wants", "wanted", "feels", "felt", "knows", "knew", "promised", "vowed", "pledged",
    "announces", "responded", "answered", "remarked", "observed", "indicated", "emphasised",
    "emphasized", "reiterated", "maintained", "countered", "retorted", "quipped", "joked", "smiled",
    "laughed", "sighed", "shouted", "whispered", "testified", "pleaded", "apologised", "apologized",
    "resigned", "died", "dies", "was", "is", "has", "had", "who", "whose",
};

// Words after a city that make it a sports club in a sports report.
const char* const kClubVerbs[] = {
    "beat", "beats", "drew", "draw", "lost", "lose", "won", "win", "wins", "lead", "leads", "led",
    "play", "plays", "played", "face", "faces", "host", "hosts", "hosted", "took", "scored", "trail",
    "trailed", "signed", "sacked", "coach", "manager", "striker", "midfielder", "defender",
    "goalkeeper", "fans", "supporters", "players", "side", "squad", "team", "boss", "chairman",
};

// Titles that, before a lone given name, are part of the name the person is
// known by: "Prince Harry", "King Charles", "Queen Rania", "Pope Francis".
// "Harry" alone names nobody, so the canonical name keeps the title; the
// mention's span stays the name ("Harry"), as for any other title.
const char* const kRoyalTitles[] = {"king", "queen", "prince", "princess", "pope", "emperor", "empress"};

// Role nouns that before another lower-case word are adjectives: "international
// community", "official data", "chief economist".
const char* const kAdjectiveRoles[] = {"international", "official", "executive", "general", "chief", "great", "star"};

// Capitalised compass words that belong to the place after them.
const char* const kCompass[] = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                                "central", "upper", "lower", "greater", "inner", "outer"};

// Lower-case words after a single surname that make it a person: "the Clinton administration".
const char* const kPersonModifiers[] = {
    "administration", "aide", "aides", "camp", "campaign", "presidency", "loyalists", "cabinet",
    "spokesman", "spokeswoman", "adviser", "advisers", "era", "doctrine", "himself", "herself",
};

// The reporting verbs proper: enough on their own after a single word ("Gore said").
const char* const kStrongSpeech[] = {
    "said", "says", "told", "tells", "added", "adds", "stated", "announced", "declared", "insisted",
    "warned", "admitted", "explained", "argued", "noted", "denied", "claimed", "replied", "asked",
    "wrote", "urged", "stressed", "acknowledged", "confirmed", "commented", "conceded", "complained",
    "recalled", "predicted", "suggested", "vowed", "pledged", "promised", "testified", "pleaded",
    "quipped", "joked", "insists", "argues", "believes", "thinks", "hopes", "wants",
};

// Verbs of sport and action: evidence for multi-word names only, or after a title.
const char* const kActionVerbs[] = {
    "beat", "beats", "defeated", "scored", "scores", "won", "wins", "lost", "loses", "finished",
    "shot", "carded", "fired", "struck", "hit", "drove", "netted", "headed", "saved", "missed",
    "took", "made", "met", "meets", "visited", "visits", "arrived", "left", "returned", "led",
    "leads", "played", "plays", "signed", "joined", "became", "becomes", "will", "would", "could",
    "should", "can", "may", "might", "must", "did", "does", "also", "then", "now", "still",
    "himself", "herself", "completed", "clocked", "ran", "threw", "jumped", "equalled", "broke",
    "set", "retained", "reached", "advanced", "came", "went", "got", "gave", "put", "kept",
    "held", "pulled", "added", "ousted", "upset", "overcame", "edged", "crushed", "routed",
    "thrashed", "outclassed", "eliminated", "knocked", "served", "hammered", "smashed", "took",
};

// Lower-case particles inside names ("Ursula von der Leyen", "Mohammed bin Salman").
const char* const kParticles[] = {
    "von", "van", "der", "den", "de", "da", "das", "do", "dos", "di", "du", "del", "della",
    "la", "le", "ter", "ten", "bin", "bint", "ibn", "al", "el", "y", "zu", "af", "e", "dei", "degli",
};

// Last words of organisations, events and other non-person names.
const char* const kOrgEnds[] = {
    "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "company", "ltd", "ltd.", "plc", "llc",
    "ag", "sa", "nv", "bv", "gmbh", "spa", "group", "holdings", "holding", "industries", "international",
    "bank", "bancorp", "trust", "fund", "securities", "brothers", "bros", "bros.", "capital", "partners", "associates", "party",
    "ministry", "department", "office", "agency", "bureau", "commission", "committee", "council",
    "assembly", "parliament", "senate", "congress", "court", "tribunal", "university", "college",
    "school", "academy", "institute", "institution", "foundation", "society", "association", "union",
    "federation", "league", "alliance", "front", "movement", "army", "navy", "force", "forces",
    "guard", "police", "brigade", "brigades", "organisation", "organization", "authority", "board",
    "service", "services", "exchange", "bourse", "market", "markets", "index", "airlines", "airline",
    "airways", "air", "motors", "motor", "systems", "technologies", "technology", "electric",
    "energy", "oil", "petroleum", "gas", "chemical", "chemicals", "pharmaceuticals", "steel", "mining",
    "mines", "telecom", "communications", "networks", "media", "news", "times", "post", "journal",
    "herald", "tribune", "gazette", "daily", "weekly", "magazine", "radio", "television", "tv", "wire", "newswire",
    "agency", "press", "reuters", "church", "mosque", "temple", "hospital", "clinic", "stadium",
    "arena", "park", "street", "avenue", "road", "square", "airport", "station", "bridge", "river",
    "lake", "sea", "ocean", "gulf", "bay", "island", "islands", "mountain", "mountains", "valley",
    "desert", "county", "province", "state", "states", "city", "town", "republic", "kingdom", "empire",
    "hotel", "palace", "house", "hall", "tower", "centre", "center", "building", "cup", "open",
    "championship", "championships", "games", "olympics", "tournament", "trophy", "award", "awards",
    "prize", "act", "law", "bill", "treaty", "accord", "accords", "agreement", "pact", "plan",
    "initiative", "programme", "program", "project", "summit", "conference", "talks", "festival",
    "show", "series", "grand", "prix", "rally", "marathon", "classic", "masters", "fc", "afc", "cf",
    "sc", "ac", "united", "rovers", "athletic", "athletico", "wanderers", "albion", "villa",
    "hotspur", "wednesday", "forest", "argyle", "orient", "thistle", "rangers", "celtic", "hearts",
    "town", "dynamo", "club", "team", "squad", "stars", "giants", "bulls", "bears", "lions",
    "tigers", "eagles", "hawks", "jets", "kings", "knicks", "lakers", "celtics", "yankees", "mets",
    "dodgers", "braves", "cubs", "reds", "sox", "indians", "orioles", "mariners", "angels",
    "padres", "expos", "astros", "rockies", "marlins", "pirates", "cardinals", "brewers", "twins",
    "royals", "athletics", "blue", "jays", "devils", "flyers", "penguins", "rangers", "islanders",
    "sabres", "bruins", "canadiens", "senators", "maple", "leafs", "panthers", "lightning",
    "capitals", "hurricanes", "whalers", "blackhawks", "wings", "oilers", "flames", "canucks",
    "sharks", "ducks", "stars", "coyotes", "avalanche", "nordiques", "blues", "predators",
    "cowboys", "redskins", "steelers", "packers", "49ers", "broncos", "dolphins", "patriots",
    "raiders", "chargers", "chiefs", "seahawks", "vikings", "saints", "falcons", "buccaneers",
    "oilers", "colts", "bengals", "browns", "jaguars", "ravens", "cardinals", "rams", "lions",
    "pistons", "rockets", "spurs", "suns", "sonics", "supersonics", "nuggets", "jazz", "blazers",
    "clippers", "warriors", "kings", "grizzlies", "mavericks", "heat", "magic", "nets", "hornets",
    "bucks", "cavaliers", "pacers", "hawks", "raptors", "timberwolves", "76ers", "sixers",
    "report", "survey", "index", "study", "research", "analysis", "statement", "declaration",
    "communique", "charter", "constitution", "convention", "protocol", "resolution", "day", "week",
    "year", "era", "war", "revolution", "crisis", "affair", "scandal", "case", "trial", "fund",
    "stock", "shares", "bonds", "notes", "futures", "ministries", "bourses", "newsroom",
    "editorial", "desk", "interbank", "universe", "teen", "motorcycle", "health", "administration",
};

// Capitalised first words that make a sequence a club or organisation.
const char* const kOrgStarts[] = {
    "dynamo", "dinamo", "sparta", "slavia", "steaua", "inter", "internazionale", "ac", "as", "ss",
    "real", "atletico", "atlético", "athletic", "sporting", "racing", "deportivo", "rapid", "austria",
    "ajax", "psv", "hapoel", "maccabi", "beitar", "lokomotiv", "spartak", "cska", "torpedo",
    "partizan", "hajduk", "vitesse", "fortuna", "eintracht", "hertha", "werder", "borussia",
    "bayern", "olympique", "olympiakos", "olympiacos", "panathinaikos", "benfica", "porto",
    "galatasaray", "fenerbahce", "besiktas", "trabzonspor", "feyenoord", "anderlecht", "club",
    "fc", "sv", "vfb", "vfl", "tsv", "1860", "union", "royal", "standard", "red", "grasshoppers",
    "young", "crvena", "hansa", "kaiserslautern", "schalke", "bank", "university", "ministry",
    "department", "bureau", "national", "federal", "central", "state", "royal", "imperial",
    "international", "united", "european", "world", "general", "first", "new", "standard",
    "council", "commission", "supreme", "high", "house", "senate", "assembly", "st", "saint",
    "san", "santa", "sao", "são", "fort", "port", "mount", "mt", "cape", "lake", "los", "las", "gloria",
    "statistics",
};

// Capitalised words that are never part of a person's name in English text.
const char* const kNeverNames[] = {
    "the", "a", "an", "and", "or", "but", "if", "in", "on", "at", "to", "of", "for", "by", "with",
    "from", "as", "into", "about", "after", "before", "over", "under", "since", "until", "during",
    "between", "against", "among", "through", "without", "within", "despite", "this", "that",
    "these", "those", "there", "here", "it", "its", "he", "she", "they", "we", "i", "you", "his",
    "her", "their", "our", "my", "your", "him", "them", "us", "me", "who", "what", "when", "where",
    "why", "how", "which", "while", "although", "though", "because", "so", "yet", "not", "no",
    "yes", "all", "some", "any", "many", "much", "more", "most", "few", "several", "each", "every",
    "both", "either", "neither", "other", "another", "such", "only", "also", "even", "just",
    "still", "then", "now", "today", "tomorrow", "yesterday", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june",
    "july", "august", "september", "october", "november", "december", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third", "last", "next",
    "new", "old", "chapter", "section", "page", "table", "figure", "note", "update", "updated",
    "reuters", "ap", "afp", "upi", "xinhua", "interfax", "tass", "itar-tass", "bloomberg", "dpa",
    "ansa", "kyodo", "bernama", "anatolia", "mena", "irna", "sana", "wafa", "pti", "efe",
    "anp", "belga", "ctk", "mti", "pap", "bta", "hina", "tanjug", "ap-dow", "dow", "jones",
    "nasdaq", "nyse", "s&p", "ftse", "nikkei", "dax", "cac", "hang", "seng", "god", "allah",
    "christ", "jesus", "islam", "muslim", "muslims", "christians", "catholic",
    "protestant", "jewish", "jews", "arab", "arabs", "western", "eastern", "northern", "southern",
    "north", "south", "east", "west", "central", "internet", "web", "email", "e-mail", "police",
    "army", "government", "parliament", "congress", "senate", "cabinet", "ministry", "state",
    "states", "republic", "kingdom", "union", "federation", "nation", "nations", "world",
    "international", "national", "federal", "european", "olympic", "olympics", "cup", "league",
    "division", "group", "round", "final", "finals", "semifinal", "semifinals", "quarterfinal",
    "quarterfinals", "match", "game", "games", "race", "stage", "leg", "series", "test", "tests",
    "innings", "wicket", "wickets", "run", "runs", "goal", "goals", "points", "pts", "results",
    "result", "standings", "scorers", "scorer", "attendance", "half-time", "halftime", "ht", "ft",
    "summary", "summaries", "score", "scores", "rank", "ranking", "rankings", "seed", "seeds",
    "prices", "price", "shares", "share", "index", "bonds", "bond", "dollar", "dollars", "yen",
    "marks", "francs", "franc", "pounds", "sterling", "lira", "rouble", "roubles", "peso",
    "pesos", "rand", "rupee", "rupees", "ecu", "euro", "euros", "gold", "oil", "crude", "brent",
    "net", "profit", "loss", "revenue", "revenues", "sales", "earnings", "dividend", "year",
    "years", "month", "months", "week", "weeks", "day", "days", "quarter", "half", "q1", "q2",
    "q3", "q4", "fiscal", "am", "pm", "gmt", "est", "edt", "cet", "bst", "note", "notes",
    "source", "sources", "tel", "fax", "newsroom", "desk", "editor", "editors", "ltd", "inc",
    "corp", "plc", "ag", "sa", "nv", "co", "mln", "bln", "pct", "vs", "v", "versus",
    "please", "call", "contact", "see", "read", "click", "photo", "video", "watch", "live",
    "breaking", "exclusive", "analysis", "opinion", "comment", "editorial", "interview",
    "feature", "preview", "review", "profile", "factbox", "timeline", "wrapup", "highlights",
    "according", "meanwhile", "however", "moreover", "furthermore", "nevertheless", "thus",
    "therefore", "indeed", "instead", "otherwise", "perhaps", "maybe", "probably", "already",
    "again", "once", "twice", "never", "always", "often", "sometimes", "usually", "soon",
    "later", "earlier", "ago", "now", "early", "late", "very", "too", "well", "good", "bad",
    "great", "big", "small", "high", "low", "long", "short", "full", "free", "open", "closed",
    "overall", "average", "net", "gross", "pre-tax", "operating", "extraordinary",
    "shr", "div", "avg", "shrs", "rev", "vs.", "no.", "nos", "st", "nd", "rd", "th",
    "english", "british", "french", "german", "italian", "spanish", "portuguese", "dutch",
    "belgian", "swiss", "austrian", "swedish", "norwegian", "danish", "finnish", "icelandic",
    "irish", "scottish", "welsh", "russian", "ukrainian", "polish", "czech", "slovak",
    "hungarian", "romanian", "bulgarian", "serbian", "croatian", "bosnian", "slovenian", "greek",
    "turkish", "cypriot", "albanian", "macedonian", "american", "canadian", "mexican", "brazilian",
    "argentine", "argentinian", "chilean", "peruvian", "colombian", "venezuelan", "cuban",
    "chinese", "japanese", "korean", "taiwanese", "vietnamese", "thai", "indonesian", "malaysian",
    "filipino", "philippine", "indian", "pakistani", "afghan", "iranian", "iraqi", "syrian",
    "lebanese", "israeli", "palestinian", "jordanian", "egyptian", "saudi", "kuwaiti", "yemeni",
    "libyan", "tunisian", "algerian", "moroccan", "sudanese", "ethiopian", "somali", "kenyan",
    "ugandan", "rwandan", "burundian", "zairean", "congolese", "angolan", "nigerian", "ghanaian",
    "african", "australian", "zealand", "european", "asian", "latin", "soviet", "yugoslav",
    "kurdish", "chechen", "tamil", "sikh", "hindu", "buddhist", "shi'ite", "sunni", "basque",
    "catalan", "corsican", "flemish", "walloon", "bavarian", "caribbean", "pacific", "atlantic",
    "mediterranean", "baltic", "nordic", "scandinavian", "arabian", "persian", "gulf", "middle",
    "far", "near", "upper", "lower", "greater", "democrat", "democrats", "democratic",
    "republican", "republicans", "liberal", "liberals", "conservative", "conservatives",
    "labour", "tory", "tories", "socialist", "socialists", "communist", "communists",
    "greens", "social", "free", "radical", "nationalist", "nationalists", "lib", "dem", "dems",
    "separatist", "separatists", "rebels", "islamic", "islamist", "islamists", "hamas",
    "hizbollah", "hezbollah", "taleban", "taliban", "mujahideen", "plo", "ira", "eta", "nato",
    "un", "eu", "opec", "imf", "wto", "gatt", "fifa", "uefa", "ioc", "nba", "nfl", "nhl", "mlb",
    "cbs", "nbc", "abc", "cnn", "bbc", "itv", "sky", "espn", "hbo", "mtv", "nasa", "fbi",
    "cia", "kgb", "fsb", "irs", "sec", "fda", "epa", "ecb", "fed", "bundesbank", "nyse", "amex",
    "microsoft", "ibm", "apple", "intel", "google", "boeing", "airbus", "toyota", "honda",
    "nissan", "gm", "chrysler", "volkswagen", "bmw", "mercedes", "daimler", "fiat",
    "renault", "peugeot", "siemens", "philips", "sony", "samsung", "nokia", "ericsson",
    "motorola", "at&t", "mci", "sprint", "exxon", "mobil", "bp", "texaco", "chevron",
    "elf", "agip", "gazprom", "lukoil", "christmas", "easter", "ramadan", "eid",
    "hanukkah", "thanksgiving", "halloween", "new", "year's", "lent", "mass", "bible", "koran",
    "quran", "torah", "genesis", "parliament", "kremlin", "pentagon", "vatican", "whitehall",
    "downing", "elysee", "bundestag", "duma", "knesset", "majlis", "sejm", "storting", "riksdag",
    "folketing", "cortes", "diet", "lok", "sabha", "rajya", "senate", "commons", "lords",
    "wimbledon", "tour", "giro", "vuelta", "masters", "open", "super", "bowl", "series",
    "fed", "ryder", "solheim", "america's", "grand", "prix",
    "formula", "indy", "nascar", "le", "mans", "dakar", "paris-dakar", "tour de france",
    "net", "scorecard", "scoreboard", "bowling", "batting", "extras", "fall", "fow", "did",
    "bat", "toss", "umpires", "close", "stumps", "lunch", "rain", "draw",
    "drawn", "won", "lost", "tied", "played", "abandoned", "postponed", "cancelled", "w", "l",
    "d", "f", "a", "gf", "ga", "gd", "pts", "pos", "p", "r", "h", "e", "ab", "hr", "rbi", "avg",
    "era", "ip", "so", "bb", "sv", "nl", "al", "afc", "nfc", "cfl", "wnba", "atp", "wta", "pga",
    "lpga", "ftse-100", "s&p-500", "spaniard", "spaniards", "briton", "britons", "swede", "swedes",
    "dane", "danes", "finn", "finns", "pole", "poles", "frenchman", "frenchwoman", "dutchman",
    "englishman", "scot", "scots", "scotsman", "irishman", "welshman", "kiwi", "kiwis", "aussie",
    "serb", "serbs", "croat", "croats", "czechs", "slovaks", "russians", "germans", "americans",
    "israelis", "palestinians", "iraqis", "iranians", "afghans", "kurds", "chechens", "turks",
    "greeks", "romanians", "bulgarians", "hungarians", "albanians", "italians", "britons",
    "australians", "canadians", "zimbabwean", "zambian", "south", "african", "estonian",
    "latvian", "lithuanian", "belarussian", "georgian", "armenian", "azeri", "kazakh", "uzbek",
    "tajik", "mongolian", "nepali", "sri", "lankan", "bangladeshi", "burmese", "cambodian",
    "laotian", "singaporean", "brunei", "papuan", "fijian", "samoan", "tongan", "maori",
    "uruguayan", "paraguayan", "bolivian", "ecuadorean", "ecuadorian", "panamanian",
    "nicaraguan", "honduran", "salvadorean", "guatemalan", "haitian", "dominican", "jamaican",
    "trinidadian", "bahamian", "bermudan", "puerto", "rican", "costa", "slovene", "moldovan",
    "luxembourg", "monegasque", "maltese", "senegalese", "malian", "ivorian", "cameroonian",
    "gabonese", "tanzanian", "mozambican", "malawian", "namibian", "botswanan", "liberian",
    "sierra", "leonean", "guinean", "togolese", "beninese", "nigerien", "chadian", "eritrean",
    "djiboutian", "mauritanian", "emirati", "qatari", "bahraini", "omani", "yemeni", "hong",
    "kong", "newsroom", "editorial",
};

// Sentence-initial capitalised words that are ordinary words, not names. Checked
// in addition to the article's own lower-case words.
const char* const kSentenceWords[] = {
    "reading", "living", "working", "speaking", "asked", "told", "said", "says", "given",
    "following", "including", "according", "despite", "during", "under", "after", "before",
    "once", "unlike", "like", "instead", "both", "neither", "either", "only", "even", "just",
    "still", "already", "much", "many", "most", "some", "several", "few", "no", "not", "none",
    "every", "each", "all", "any", "other", "others", "such", "another", "what", "whatever",
    "whoever", "whichever", "wherever", "however", "whenever", "police", "officials", "analysts",
    "dealers", "traders", "sources", "witnesses", "residents", "doctors", "experts", "critics",
    "supporters", "opponents", "investors", "shares", "prices", "stocks", "bonds", "sales",
    "profits", "earnings", "results", "scorers", "attendance", "rain", "bad", "good", "new",
    "old", "big", "small", "top", "bottom", "last", "next", "first", "second", "third", "final",
    "late", "early", "high", "low", "strong", "weak", "hard", "soft", "heavy", "light", "hot",
    "cold", "warm", "cool", "fresh", "free", "fair", "full", "empty", "nice", "bath", "split",
    "mobile", "gap", "deal", "hope", "faith", "grace", "joy", "may", "will", "can", "could",
    "would", "should", "must", "might", "shall", "did", "does", "do", "have", "has", "had",
    "was", "were", "is", "are", "be", "been", "being", "let", "make", "makes", "take", "takes",
    "get", "gets", "go", "goes", "see", "look", "note", "call", "please", "thanks", "thank",
    "welcome", "sorry", "well", "yes", "oh", "ah", "dear", "hello", "goodbye",
};

void add_all(WordSet& set, const char* const* begin, const char* const* end) {
    for (auto it = begin; it != end; ++it) set.insert(*it);
}

template <std::size_t N>
void add_all(WordSet& set, const char* const (&words)[N]) {
    add_all(set, words, words + N);
}

void add_lines(WordSet& set, const char* text) {
    std::string_view rest(text);
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (!line.empty() && line.front() != '#') set.insert(line);
    }
}

// ---------------------------------------------------------------- words of the text

struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool word = false;          // letters/digits; otherwise one punctuation code point
    bool cap = false;           // first letter upper or title case
    bool all_caps = false;      // two or more letters, none lower case
    bool lower = false;         // first letter lower case
    bool digit = false;         // starts with a digit
    bool initial = false;       // "J." — one capital and a period
    bool dotted = false;        // "U.S.", "J.R." — letters with periods
    bool possessive = false;    // followed by 's, which is not in the token
    bool newline_before = false;
    bool sentence_start = false;
    std::string lower_text;     // folded (ASCII lower-cased; other letters kept)
};

UChar32 code_point_at(std::string_view s, std::size_t i, std::size_t* next) {
    UChar32 c;
    int32_t pos = static_cast<int32_t>(i);
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), c);
    *next = static_cast<std::size_t>(pos);
    return c;
}

bool is_word_char(UChar32 c) {
    if (c < 0x80) return c >= 0 && std::isalnum(static_cast<unsigned char>(c));  // ASCII fast path
    return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

bool is_upper(UChar32 c) { return c < 0x80 ? (c >= 'A' && c <= 'Z') : (u_isupper(c) || u_istitle(c)); }
bool is_lower(UChar32 c) { return c < 0x80 ? (c >= 'a' && c <= 'z') : u_islower(c); }
bool is_alpha(UChar32 c) { return c < 0x80 ? std::isalpha(static_cast<unsigned char>(c)) != 0 : u_isalpha(c); }

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

bool is_letter_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return false;
    std::size_t next;
    const UChar32 c = code_point_at(s, i, &next);
    return c >= 0 && is_alpha(c);
}

// Abbreviations whose period belongs to the word ("Mr.", "Gen.", "St.").
bool is_abbreviation(std::string_view w) {
    static const char* const kAbbrev[] = {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Lt",
                                          "Col", "Capt", "Sgt", "Rev", "Prof", "Sen", "Rep", "Gov",
                                          "Maj", "Cmdr", "Adm", "Fr", "Mt", "Ft", "Mme", "Messrs",
                                          "No", "Corp", "Inc", "Co", "Ltd", "Bros", "Vs", "vs"};
    for (const char* a : kAbbrev)
        if (w == a) return true;
    return false;
}

std::string fold_ascii(std::string_view w) {
    std::string out(w);
    for (auto& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> toks;
    toks.reserve(s.size() / 4);
    std::size_t i = 0;
    bool newline = true;
    while (i < s.size()) {
        std::size_t next;
        const UChar32 c = code_point_at(s, i, &next);
        if (c == '\n' || c == '\r') {
            newline = true;
            i = next;
            continue;
        }
        if (c < 0 || u_isspace(c) || c == 0xA0) {
            i = next;
            continue;
        }
        Token t;
        t.begin = i;
        t.newline_before = newline;
        newline = false;
        if (!is_word_char(c)) {
            t.end = next;
            toks.push_back(std::move(t));
            i = next;
            continue;
        }
        t.word = true;
        std::size_t j = i;
        std::size_t segment_letters = 0;  // letters since the word start or the last period
        bool saw_period = false;
        bool hyphenated = false;
        int letters = 0, uppers = 0, lowers = 0;
        bool first = true;
        while (j < s.size()) {
            std::size_t nj;
            const UChar32 d = code_point_at(s, j, &nj);
            if (is_word_char(d)) {
                if (is_alpha(d)) {
                    ++letters;
                    ++segment_letters;
                    if (is_upper(d)) ++uppers;
                    else if (is_lower(d)) ++lowers;
                }
                if (first) {
                    t.cap = is_upper(d);
                    t.lower = is_lower(d);
                    t.digit = d < 0x80 ? (d >= '0' && d <= '9') : u_isdigit(d);
                    first = false;
                }
                j = nj;
                continue;
            }
            if (is_apostrophe(d) && is_letter_at(s, nj)) {
                // A possessive 's stays outside the word.
                std::size_t after;
                const UChar32 e = code_point_at(s, nj, &after);
                if ((e == 's' || e == 'S') && !is_letter_at(s, after)) break;
                j = nj;
                continue;
            }
            if (d == '-' && nj < s.size()) {
                std::size_t after;
                const UChar32 e = code_point_at(s, nj, &after);
                if (is_word_char(e)) {
                    segment_letters = 0;
                    hyphenated = true;
                    j = nj;
                    continue;
                }
                break;
            }
            if (d == '.' && segment_letters == 1 && letters == uppers && !hyphenated) {
                // Initials and dotted abbreviations: "J.", "U.S.", "J.R.".
                saw_period = true;
                segment_letters = 0;
                j = nj;
                if (!is_letter_at(s, j)) break;
                // Only go on when the next letter is again a single letter followed by '.'.
                std::size_t a1;
                const UChar32 next_letter = code_point_at(s, j, &a1);
                if (a1 < s.size() && s[a1] == '.') continue;
                // "U.S" without its last period (wire copy) is one token too, not an
                // initial and a surname "S".
                if (is_upper(next_letter) && (a1 >= s.size() || !is_word_char(static_cast<unsigned char>(s[a1]))))
                    j = a1;
                break;
            }
            break;
        }
        t.end = j;
        if (saw_period) {
            t.dotted = true;
            t.initial = (letters == 1);
        } else if (j < s.size() && s[j] == '.' && is_abbreviation(s.substr(i, j - i))) {
            t.end = j + 1;  // "Mr." keeps its period
        }
        t.all_caps = letters >= 2 && lowers == 0;
        // Possessive.
        if (t.end < s.size()) {
            std::size_t nj;
            const UChar32 d = code_point_at(s, t.end, &nj);
            if (is_apostrophe(d) && nj < s.size() && (s[nj] == 's' || s[nj] == 'S') && !is_letter_at(s, nj + 1)) {
                t.possessive = true;
            } else if (d == '\'' && nj <= s.size() && !is_letter_at(s, nj) && t.end > 0 &&
                       (s[t.end - 1] == 's')) {
                t.possessive = true;  // "Jones' car"
            }
        }
        std::string_view w = s.substr(t.begin, t.end - t.begin);
        if (!w.empty() && w.back() == '.' && !t.dotted) w.remove_suffix(1);
        t.lower_text = fold_ascii(w);
        i = t.possessive ? t.end : t.end;
        toks.push_back(std::move(t));
        if (toks.back().possessive) {
            // Skip the apostrophe and the s.
            std::size_t nj;
            code_point_at(s, i, &nj);
            i = nj;
            if (i < s.size() && (s[i] == 's' || s[i] == 'S')) ++i;
        }
    }
    // Sentence starts: the first word after the text start, a line break or . ! ? : ;
    for (std::size_t k = 0; k < toks.size(); ++k) {
        if (!toks[k].word) continue;
        bool start = toks[k].newline_before;
        std::size_t p = k;
        while (!start && p > 0) {
            const Token& q = toks[p - 1];
            if (q.word) {
                start = false;
                break;
            }
            const char ch = s[q.begin];
            if (ch == '"' || ch == '(' || ch == '\'' || ch == '[' ||
                static_cast<unsigned char>(ch) >= 0x80 /* curly quotes */) {
                if (q.newline_before) start = true;
                --p;
                continue;
            }
            if (ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == ';' || ch == '-') {
                start = true;
                break;
            }
            break;
        }
        if (p == 0 && !start) start = true;
        toks[k].sentence_start = start;
    }
    return toks;
}

}  // namespace

// ---------------------------------------------------------------- tables

struct PersonFinder::Tables {
    WordSet given, family, offices, non_person_before, non_person_after, plural_verbs, titles, honorifics, royal_titles, roles, adjective_roles, speech, strong_speech, person_modifiers, club_verbs, compass, action, particles, org_ends, org_starts, never,
        sentence_words;
    // Firm names (firms.txt) as folded word keys: "morgan stanley", "moody 's".
    std::unordered_set<std::string> firms;
    std::unordered_map<std::string_view, unsigned> cues;  // word -> WordCue bits, from the lists above
    std::size_t firm_words = 0;  // the most words in one firm name
};

namespace {

// The key of a run of words for the firm table: folded words joined by spaces,
// a possessive as its own word "'s"; "&" and "and" between words are left out.
void append_firm_word(std::string& key, const Token& t) {
    if (!key.empty()) key += ' ';
    key += t.lower_text;
    if (t.possessive) key += " 's";
}

void add_firms(PersonFinder::Tables& t, const char* text) {
    WordSet lines;
    add_lines(lines, text);
    for (std::string_view line : lines) {
        std::string key;
        std::size_t words = 0;
        for (const Token& tok : tokenize(line)) {
            if (!tok.word || tok.lower_text == "and") continue;
            append_firm_word(key, tok);
            ++words;
        }
        if (key.empty()) continue;
        t.firms.insert(key);
        t.firm_words = std::max(t.firm_words, words);
    }
}

}  // namespace

PersonFinder::PersonFinder() : tables_(nullptr) {
    auto* t = new Tables();
    add_lines(t->given, person_data::kFirstNames);
    add_lines(t->family, person_data::kFamilyNames);
    add_lines(t->offices, person_data::kOfficeWords);
    add_firms(*t, person_data::kFirms);
    {
        WordSet lines;
        add_lines(lines, person_data::kNotPersonContexts);
        for (std::string_view line : lines) {
            const auto tab = line.find('\t');
            if (tab == std::string_view::npos) continue;
            const std::string_view kind = line.substr(0, tab);
            (kind == "before" ? t->non_person_before : kind == "after" ? t->non_person_after : t->plural_verbs)
                .insert(line.substr(tab + 1));
        }
    }
    add_all(t->titles, kTitles);
    add_all(t->honorifics, kHonorifics);
    add_all(t->royal_titles, kRoyalTitles);
    add_all(t->adjective_roles, kAdjectiveRoles);
    add_all(t->roles, kRoleNouns);
    add_all(t->speech, kSpeechVerbs);
    add_all(t->strong_speech, kStrongSpeech);
    add_all(t->person_modifiers, kPersonModifiers);
    add_all(t->club_verbs, kClubVerbs);
    add_all(t->compass, kCompass);
    add_all(t->action, kActionVerbs);
    add_all(t->particles, kParticles);
    add_all(t->org_ends, kOrgEnds);
    add_all(t->org_starts, kOrgStarts);
    add_all(t->never, kNeverNames);
    add_all(t->sentence_words, kSentenceWords);
    for (const auto& [set, cue] : {std::pair{&t->titles, kTitleCue}, {&t->roles, kRoleCue}, {&t->speech, kSpeechCue},
                                   {&t->org_ends, kOrgEndCue}, {&t->offices, kOfficeCue}, {&t->never, kNeverCue}})
        for (std::string_view w : *set) t->cues[w] |= cue;
    tables_ = t;  // lives as long as the process, like the instance
}

const PersonFinder& PersonFinder::instance() {
    static const PersonFinder finder;
    return finder;
}

bool PersonFinder::is_given_name(std::string_view word) const { return tables_->given.count(word) > 0; }

bool PersonFinder::marks_non_person_before(std::string_view w) const { return tables_->non_person_before.count(w) > 0; }
bool PersonFinder::marks_non_person_after(std::string_view w) const { return tables_->non_person_after.count(w) > 0; }
bool PersonFinder::is_plural_verb(std::string_view w) const { return tables_->plural_verbs.count(w) > 0; }

unsigned PersonFinder::cues_of(std::string_view w) const {
    const auto it = tables_->cues.find(w);
    return it == tables_->cues.end() ? 0 : it->second;
}

// ---------------------------------------------------------------- finding

namespace {

struct Candidate {
    std::size_t first;      // token index of the first name word
    std::size_t last;       // token index of the last name word (inclusive)
    std::size_t seq_first;  // the whole capitalised run, titles included
    std::size_t seq_last;
    bool titled = false;    // a title or role stood before the name
    bool honorific = false; // a capitalised honorific ("Mr", "President") did: outranks a place
    bool given = false;     // begins with a given name or an initial
    bool family = false;    // family-name-first form ("Xi Jinping")
    bool speech = false;    // a reporting verb follows ("X said") or precedes ("said X")
    bool strong_speech = false;  // one of said/told/added/... (not "was", "has")
    bool action = false;    // an action verb follows
    bool apposition = false;// ", the Russian president," / ", 45,"
    bool country_paren = false;  // "Goran Ivanisevic (Croatia)"
    bool sport = false;     // a sports-table pattern: bowler, scorer, pitcher
    bool modifier = false;  // "the Clinton administration"
    bool listed = false;    // in a comma list of accepted people
    bool place = false;     // exactly a gazetteer place
    bool place_inside = false;   // contains a gazetteer place
    bool org = false;       // an organisation or event
    bool headline = false;  // in an all-caps or title-case headline line
    bool common = false;    // single ordinary word
    bool office = false;    // single title, role or office word ("Chairman", "Treasury"): never a person alone
    bool accepted = false;
    std::string known_as;   // "Prince Harry" for a royal title and a lone name; else empty
    std::size_t name_words = 0;  // capitalised words in the name
    std::string text;       // the name as written, title excluded
};

struct Doc {
    std::string_view text;
    const std::vector<Token>& toks;
    const PersonFinder::Tables& t;
    std::unordered_set<std::string_view> lower_words;  // words the article writes in lower case (views into toks)

    std::string_view word(std::size_t k) const { return text.substr(toks[k].begin, toks[k].end - toks[k].begin); }
    bool is(std::size_t k, const WordSet& set) const { return toks[k].word && set.count(toks[k].lower_text) > 0; }
    bool punct(std::size_t k, char c) const { return !toks[k].word && text[toks[k].begin] == c; }
    bool same_line_adjacent(std::size_t a, std::size_t b) const {
        // b directly follows a, separated only by spaces (no line break).
        return !toks[b].newline_before && toks[b].begin >= toks[a].end &&
               toks[b].begin - toks[a].end <= 2;
    }
};

bool name_word(const Doc& d, std::size_t k) {
    const Token& t = d.toks[k];
    if (!t.word || t.digit) return false;
    if (t.cap) {
        if (t.all_caps && !t.initial) return false;  // headline capitals, acronyms, "U.S."
        // An acronym's plural: "MPs", "CDs", "NGOs".
        const std::string_view w = d.word(k);
        if (w.size() >= 3 && w.back() == 's' &&
            std::all_of(w.begin(), w.end() - 1, [](char c) { return c >= 'A' && c <= 'Z'; }))
            return false;

        return true;
    }
    // "al-Assad", "el-Sisi", "bin-Laden": a lower-case prefix joined to a capital.
    const std::string_view w = d.word(k);
    const auto dash = w.find('-');
    if (dash != std::string_view::npos && dash <= 3 && dash + 1 < w.size() &&
        d.t.particles.count(w.substr(0, dash)) && std::isupper(static_cast<unsigned char>(w[dash + 1])))
        return true;
    return false;
}

bool headline_word(const Doc& d, std::size_t k) {
    const Token& t = d.toks[k];
    return t.word && t.all_caps && !t.dotted;
}

// "Director-General" -> "general"? No: the head of a hyphenated title is its first part
// when that is a title ("Secretary-General" is listed whole; "Vice-Premier" -> "vice").
std::string_view title_head(std::string_view w) {
    const auto dash = w.find('-');
    return dash == std::string_view::npos ? w : w.substr(0, dash);
}

bool is_title(const Doc& d, std::size_t k) {
    const Token& t = d.toks[k];
    if (!t.word || d.t.given.count(d.word(k))) return false;
    if (d.t.titles.count(t.lower_text)) return true;
    const auto dash = t.lower_text.find('-');
    if (dash == std::string::npos) return false;
    return d.t.titles.count(std::string_view(t.lower_text).substr(0, dash)) ||
           d.t.titles.count(std::string_view(t.lower_text).substr(dash + 1));
}

// Whether the role noun at `p` heads its phrase ("the Russian president,", "a
// lawyer who", "composer best known for") rather than modifying the word that
// ends the phrase ("international law and", "official figures."), where it says
// nothing about a person.
bool role_heads_phrase(const Doc& d, std::size_t p) {
    const auto& toks = d.toks;
    const std::size_t n = p + 1;
    if (n >= toks.size() || !toks[n].word || toks[n].cap || toks[n].newline_before) return true;
    if (d.t.never.count(toks[n].lower_text) || d.t.speech.count(toks[n].lower_text)) return true;
    if (d.t.adjective_roles.count(toks[p].lower_text)) return false;  // "official data showed"
    const std::size_t after = n + 1;
    const bool phrase_ends = after >= toks.size() || !toks[after].word || toks[after].newline_before ||
                             toks[after].lower_text == "and" || toks[after].lower_text == "or";
    return !phrase_ends;
}

// Is `k` the start of an apposition: ", the Russian president," / ", 45," / ", who".
bool apposition_after(const Doc& d, std::size_t k) {
    const auto& toks = d.toks;
    if (k >= toks.size() || !d.punct(k, ',')) return false;
    std::size_t p = k + 1;
    if (p >= toks.size()) return false;
    if (toks[p].digit && p + 1 < toks.size() && (d.punct(p + 1, ',') || d.punct(p + 1, ')')) &&
        d.word(p).size() <= 3)
        return true;  // age
    if (toks[p].word && (toks[p].lower_text == "who" || toks[p].lower_text == "whose")) return true;
    // Up to six words, the first maybe an article, one of them a role noun, all before the next comma.
    for (int n = 0; n < 7 && p < toks.size(); ++n, ++p) {
        if (!toks[p].word) {
            if (d.text[toks[p].begin] == '-') continue;
            return false;
        }
        if (d.t.roles.count(toks[p].lower_text) && !toks[p].cap && role_heads_phrase(d, p)) return true;
        if (toks[p].lower_text == "of" || toks[p].lower_text == "and") return false;
    }
    return false;
}

// The last token of a firm name (firms.txt) that starts at token `a`, or `a` - 1
// when none does: "Morgan Stanley", "Standard & Poor's", "Moody's".
std::size_t firm_end(const Doc& d, std::size_t a) {
    const auto& toks = d.toks;
    std::string key;
    std::size_t found = a - 1, words = 0;
    for (std::size_t q = a; q < toks.size() && words < d.t.firm_words; ++q) {
        if (q > a && toks[q].newline_before) break;
        if (!toks[q].word) {
            if (d.punct(q, '&') || d.punct(q, '.')) continue;
            break;
        }
        if (q > a && toks[q].lower_text == "and") continue;
        append_firm_word(key, toks[q]);
        ++words;
        if (d.t.firms.count(key)) found = q;
        if (toks[q].possessive) {
            key.resize(key.size() - 3);  // "Moody's Investors Service": the key goes on without 's
            if (d.t.firms.count(key) && found != q) found = q;
            key += " 's";
        }
    }
    return found;
}

}  // namespace

PersonFinderResult PersonFinder::find(std::string_view text, const std::vector<PlaceMatch>& places) const {
    const Tables& T = *tables_;
    const std::vector<Token> toks = tokenize(text);
    Doc d{text, toks, T, {}};
    d.lower_words.reserve(toks.size());
    for (const auto& t : toks)
        if (t.word && t.lower && !t.digit) d.lower_words.insert(t.lower_text);

    PersonFinderResult result;
    result.place_kept.assign(places.size(), true);
    result.place_begin.resize(places.size());
    for (std::size_t p = 0; p < places.size(); ++p) result.place_begin[p] = places[p].begin;
    // A sports report: several scores ("6-3", "2-1") in the text.
    int scores = 0;
    for (const auto& t : toks)
        if (t.digit && t.end - t.begin <= 5 && text.substr(t.begin, t.end - t.begin).find('-') != std::string_view::npos) ++scores;
    const bool sporty = scores >= 3;

    // Map place matches to token ranges.
    std::vector<int> place_at_token(toks.size(), -1);  // token -> place index covering it
    {
        std::size_t k = 0;
        for (std::size_t p = 0; p < places.size(); ++p) {
            while (k < toks.size() && toks[k].end <= places[p].begin) ++k;
            for (std::size_t q = k; q < toks.size() && toks[q].begin < places[p].end; ++q)
                place_at_token[q] = static_cast<int>(p);
        }
    }

    // Headline lines: mostly capitals (all-caps or title case).
    std::vector<bool> headline(toks.size(), false);
    {
        std::size_t line_start = 0;
        for (std::size_t k = 0; k <= toks.size(); ++k) {
            if (k == toks.size() || (k > line_start && toks[k].newline_before)) {
                int words = 0, caps = 0, upper = 0;
                for (std::size_t q = line_start; q < k; ++q) {
                    if (!toks[q].word || toks[q].digit) continue;
                    ++words;
                    if (toks[q].all_caps) ++upper;
                    if (toks[q].cap && (d.word(q).size() > 3 || toks[q].all_caps)) ++caps;
                    else if (toks[q].lower && d.word(q).size() > 3) --caps;
                }
                const bool is_headline = (words >= 2 && upper * 10 >= words * 6) || (words >= 5 && caps * 10 >= words * 8);
                for (std::size_t q = line_start; q < k; ++q) headline[q] = is_headline;
                line_start = k;
            }
        }
    }

    // ---- candidates: maximal runs of name words (with particles inside)
    std::vector<Candidate> cands;
    std::vector<std::pair<std::size_t, std::size_t>> org_runs;  // token ranges of organisations
    for (std::size_t k = 0; k < toks.size();) {
        if (!name_word(d, k)) {
            ++k;
            continue;
        }
        std::size_t a = k, b = k;
        while (!toks[b].possessive && b + 1 < toks.size()) {
            std::size_t n = b + 1;
            if (!d.same_line_adjacent(b, n)) break;
            if (name_word(d, n)) {
                b = n;
                continue;
            }
            // Particles: "von der", "bin", "da" — only between capitalised words.
            std::size_t q = n;
            while (q < toks.size() && toks[q].word && toks[q].lower && T.particles.count(d.word(q)) &&
                   d.same_line_adjacent(q - 1, q) && q - n < 3)
                ++q;
            if (q > n && q < toks.size() && d.same_line_adjacent(q - 1, q) && name_word(d, q) &&
                !T.never.count(toks[q].lower_text)) {
                b = q;
                continue;
            }
            break;
        }
        k = b + 1;

        // A firm named like a person ("Morgan Stanley", "Dean Witter"), or a name
        // joined to another by "&" ("Procter & Gamble", "Dean Witter, Discover & Co").
        if (const std::size_t firm_last = firm_end(d, a); firm_last + 1 > a) {
            const std::size_t e = std::max(firm_last, b);
            org_runs.emplace_back(a, e);
            k = e + 1;
            continue;
        }
        if ((a > 0 && d.punct(a - 1, '&') && d.same_line_adjacent(a - 1, a)) ||
            (b + 1 < toks.size() && d.punct(b + 1, '&') && d.same_line_adjacent(b, b + 1))) {
            org_runs.emplace_back(a, b);
            continue;
        }

        // Organisation or event?
        const std::string& last_word = toks[b].lower_text;
        // "United Nations Secretary-General António Guterres": an organisation's
        // or a country's name, a title, then a full name beginning with a given
        // name is the person with their office, not the organisation.
        bool titled_person_at_end = false;
        // The same after "of": "(Secretary of) State James Baker".
        for (std::size_t q = a + 1; q + 2 <= b && !titled_person_at_end; ++q)
            titled_person_at_end = is_title(d, q) && T.given.count(d.word(q + 1)) && !T.org_ends.count(last_word);
        if (a > 0 && a + 2 <= b && toks[a - 1].word && toks[a - 1].lower_text == "of" && is_title(d, a) &&
            T.given.count(d.word(a + 1)) && !T.org_ends.count(last_word))
            titled_person_at_end = true;
        bool org = false;
        if (b > a && T.org_ends.count(last_word)) org = true;
        if (b > a && T.org_starts.count(toks[a].lower_text) && !T.given.count(d.word(a)) && !titled_person_at_end)
            org = true;
        // "Bank of England", "University of Texas": an org word followed by "of".
        if (b + 2 < toks.size() && toks[b + 1].word && toks[b + 1].lower_text == "of" &&
            T.org_ends.count(last_word) && name_word(d, b + 2)) {
            std::size_t e = b + 2;
            while (e + 1 < toks.size() && d.same_line_adjacent(e, e + 1) && name_word(d, e + 1)) ++e;
            org_runs.emplace_back(a, e);
            k = e + 1;
            continue;
        }
        // "Washington Redskins", "New York Yankees": a place and a plural.
        if (b > a && place_at_token[b] < 0 && place_at_token[a] >= 0 && last_word.size() >= 4 &&
            last_word.back() == 's' && !toks[b].possessive && !T.given.count(d.word(a)) && !titled_person_at_end)
            org = true;
        if (org) {
            org_runs.emplace_back(a, b);
            continue;
        }

        // Cut everything up to the last title ("Russian President Vladimir Putin",
        // "Lands Minister Luminzu Shimaponda"); leading ordinary words go too.
        std::size_t name_first = a;
        std::size_t title_word = b;  // the last title cut off, if any
        bool titled = false, honorific = false;
        // A role noun or a "Brazilian-born", "ex-Yankee" before a given name is a
        // title too: "Fullback Andre Joubert", "ex-Yankee Randy Velarde".
        auto role_before_given = [&](std::size_t q) {
            if (q + 1 > b || !T.given.count(d.word(q + 1)) || T.given.count(d.word(q))) return false;
            const std::string& lw = toks[q].lower_text;
            return T.roles.count(lw) > 0 || lw.rfind("ex-", 0) == 0 ||
                   (lw.size() > 5 && lw.compare(lw.size() - 5, 5, "-born") == 0);
        };
        for (std::size_t q = a; q < b; ++q) {
            if (!is_title(d, q) && !role_before_given(q)) continue;
            // A title counts only when it is not a surname ("John Major").
            if (q > a && T.given.count(d.word(q - 1)) && !is_title(d, q - 1)) continue;
            name_first = q + 1;
            titled = true;
            honorific = toks[q].cap && T.honorifics.count(title_head(toks[q].lower_text)) > 0;
            title_word = q;
        }
        while (name_first <= b && !T.given.count(d.word(name_first)) &&
               (T.never.count(toks[name_first].lower_text) ||
                (toks[name_first].sentence_start && (T.sentence_words.count(toks[name_first].lower_text) ||
                                                     d.lower_words.count(toks[name_first].lower_text)))))
            ++name_first;  // "The", "But", nationalities, days
        while (name_first <= b && !name_word(d, name_first)) ++name_first;
        // Office words before a name are a title too: "(Chancellor of the) Exchequer
        // Nigel Lawson", "Treasury Secretary ...". After "of", everything before the
        // first given name is the office: "Secretary of State James Baker".
        while (name_first < b && T.offices.count(toks[name_first].lower_text) && !T.given.count(d.word(name_first))) {
            ++name_first;
            titled = true;
        }
        {
            std::size_t before = a;
            if (before > 0 && toks[before - 1].word && toks[before - 1].lower_text == "the") --before;
            if (before > 0 && toks[before - 1].word && toks[before - 1].lower_text == "of" && !toks[before - 1].cap) {
                for (std::size_t q = name_first + 1; q < b; ++q)
                    if (T.given.count(d.word(q)) && name_word(d, q + 1)) {
                        name_first = q;
                        titled = true;
                        break;
                    }
            }
        }
        if (name_first > b) continue;
        // Drop never-name words at the end ("Smith Jr" is kept).
        std::size_t name_last = b;
        while (name_last > name_first && T.never.count(toks[name_last].lower_text) && !T.given.count(d.word(name_last)))
            --name_last;
        // A run with a never-name word inside is not a name; what follows the last
        // such word may be one if it starts with a given name ("Monday Bill Clinton").
        bool bad = false;
        for (std::size_t q = name_first; q <= name_last; ++q)
            if (T.never.count(toks[q].lower_text) && !T.given.count(d.word(q))) bad = true;
        if (bad) {
            std::size_t q = name_last;
            while (q > name_first && !(T.never.count(toks[q - 1].lower_text) && !T.given.count(d.word(q - 1)))) --q;
            if (q == name_first || !T.given.count(d.word(q))) continue;
            name_first = q;
        }

        Candidate c;
        c.seq_first = a;
        c.seq_last = b;
        c.first = name_first;
        c.last = name_last;
        c.titled = titled;
        c.honorific = honorific;
        for (std::size_t q = name_first; q <= name_last; ++q)
            if (name_word(d, q)) ++c.name_words;
        c.text = std::string(text.substr(toks[name_first].begin, toks[name_last].end - toks[name_first].begin));
        if (!toks[name_last].dotted && !c.text.empty() && c.text.back() == '.') c.text.pop_back();
        c.headline = headline[name_first];
        if (titled && c.name_words == 1 && title_word + 1 == name_first && toks[title_word].cap &&
            T.royal_titles.count(toks[title_word].lower_text))
            c.known_as = std::string(d.word(title_word)) + " " + c.text;

        // Evidence before the name: a title word or role noun (any case).
        if (!c.titled && name_first > 0) {
            std::size_t p = name_first - 1;
            if (toks[p].word && (T.roles.count(toks[p].lower_text) || T.titles.count(toks[p].lower_text)) &&
                !toks[p].cap && d.same_line_adjacent(p, name_first))
                c.titled = true;
            if (toks[p].word && T.titles.count(toks[p].lower_text) && toks[p].cap && p + 1 == name_first &&
                d.same_line_adjacent(p, name_first))
                c.titled = true;
        }
        const std::string_view first_word = d.word(name_first);
        c.given = T.given.count(first_word) > 0 || (toks[name_first].initial && c.name_words >= 2);
        if (!c.given) {
            const auto dash = first_word.find('-');
            if (dash != std::string_view::npos && T.given.count(first_word.substr(0, dash)) && c.name_words >= 2)
                c.given = true;
        }
        c.family = T.family.count(first_word) > 0 && c.name_words >= 2 && c.name_words <= 3;

        // Evidence after the name.
        const std::size_t after = name_last + 1;
        if (after < toks.size() && toks[after].word && !toks[after].newline_before) {
            if (T.speech.count(toks[after].lower_text) && !toks[after].cap) c.speech = true;
            if (T.strong_speech.count(toks[after].lower_text) && !toks[after].cap) c.strong_speech = true;
            if (T.action.count(toks[after].lower_text) && !toks[after].cap) c.action = true;
        }
        if (after < toks.size() && apposition_after(d, after)) c.apposition = true;
        if (after + 2 < toks.size() && d.punct(after, '(') && place_at_token[after + 1] >= 0) {
            std::size_t q = after + 1;
            while (q < toks.size() && place_at_token[q] == place_at_token[after + 1]) ++q;
            // "Hearts (Scotland) 1": a score after it makes it a team.
            if (q < toks.size() && d.punct(q, ')') &&
                !(q + 1 < toks.size() && toks[q + 1].digit && d.same_line_adjacent(q, q + 1)))
                c.country_paren = true;
        }
        // Sports tables: "c Cork b Croft", "Mullally 37.1-7-97-3", "(Giuly 30th, Pires 35th)",
        // "Neagle (14-6)"; and "the Clinton administration".
        if (name_first > 0 && toks[name_first - 1].word && d.same_line_adjacent(name_first - 1, name_first) &&
            (d.word(name_first - 1) == "c" || d.word(name_first - 1) == "b" || d.word(name_first - 1) == "st"))
            c.sport = true;
        if (after < toks.size() && toks[after].digit && d.same_line_adjacent(name_last, after)) {
            const std::string_view num = d.word(after);
            const bool ordinal = num.size() >= 3 && (num.substr(num.size() - 2) == "st" || num.substr(num.size() - 2) == "nd" ||
                                                     num.substr(num.size() - 2) == "rd" || num.substr(num.size() - 2) == "th");
            // Bowling figures "37.1-7-97-3": digits, periods and three dashes.
            int dashes = 0;
            for (std::size_t q = toks[after].begin; q < text.size() && (std::isdigit(static_cast<unsigned char>(text[q])) || text[q] == '.' || text[q] == '-'); ++q)
                dashes += text[q] == '-';
            const bool listed = name_first > 0 && (d.punct(name_first - 1, '(') || d.punct(name_first - 1, ',')) &&
                                after + 1 < toks.size() && (d.punct(after + 1, ',') || d.punct(after + 1, ')'));
            if (ordinal || dashes >= 3 || listed) c.sport = true;
        }
        if (after + 2 < toks.size() && d.punct(after, '(') && toks[after + 1].digit && d.punct(after + 2, ')')) {
            const std::string_view rec = d.word(after + 1);
            if (std::count(rec.begin(), rec.end(), '-') == 1) c.sport = true;
        }
        if (after < toks.size() && toks[after].word && !toks[after].cap && d.same_line_adjacent(name_last, after) &&
            T.person_modifiers.count(toks[after].lower_text))
            c.modifier = true;
        // "said Smith" at the end of a clause.
        if (name_first > 0 && toks[name_first - 1].word && !toks[name_first - 1].cap &&
            (toks[name_first - 1].lower_text == "said" || toks[name_first - 1].lower_text == "says") &&
            (after >= toks.size() || !toks[after].word))
            c.speech = c.strong_speech = true;

        // Place evidence.
        const int pa = place_at_token[name_first];
        if (pa >= 0 && places[pa].begin <= toks[name_first].begin && places[pa].end >= toks[name_last].end &&
            place_at_token[name_last] == pa)
            c.place = true;
        for (std::size_t q = name_first; q <= name_last; ++q)
            if (place_at_token[q] >= 0) c.place_inside = true;
        // The apposition the other way round: "India's delegate, Chandni Raina, said".
        if (!c.place_inside && c.name_words >= 2 && name_first >= 2 && d.punct(name_first - 1, ',') &&
            toks[name_first - 2].word && toks[name_first - 2].lower && T.roles.count(toks[name_first - 2].lower_text) &&
            after < toks.size() && d.punct(after, ','))
            c.apposition = true;
        if (c.name_words == 1) {
            const std::string& lw = toks[name_first].lower_text;
            c.common = d.lower_words.count(lw) > 0 || T.never.count(lw) > 0 ||
                       T.sentence_words.count(lw) > 0;
            c.office = !T.given.count(d.word(name_first)) &&
                       (T.offices.count(lw) || T.titles.count(lw) || T.roles.count(lw) || T.org_ends.count(lw));
        }
        // "Foreign Secretary", "European Community": a name never ends in an office word.
        if (c.name_words >= 2 && T.offices.count(toks[name_last].lower_text)) continue;
        cands.push_back(std::move(c));
    }

    // ---- decide
    for (auto& c : cands) {
        const bool known_lower = d.lower_words.count(toks[c.first].lower_text) > 0;
        if (c.name_words >= 2) {
            if (c.name_words > 5) continue;
            const bool strong = c.given || c.titled || c.apposition || c.country_paren || c.sport;
            if (c.place && !c.honorific && !c.apposition) continue;  // "New York", "San Francisco"
            if (strong) c.accepted = true;
            else if (c.family && !c.place_inside) c.accepted = true;
            else if ((c.speech || c.action) && !c.place_inside && !c.headline && !known_lower) c.accepted = true;
        } else {
            if (c.office) continue;  // may still resolve to a full name below ("King" after "Don King")
            if (c.common && !c.honorific) continue;
            if (c.headline && !c.titled) continue;
            if (c.sport) c.accepted = true;
            else if (c.titled || c.apposition || c.country_paren) c.accepted = !c.place || c.honorific;
            else if (c.modifier && !c.place) c.accepted = true;
            else if (c.strong_speech && !c.place) c.accepted = true;
        }
    }

    // ---- comma lists: "Inzamam-ul-Haq, Salim Malik, Asif Mujtaba" — an undecided
    // name between accepted people (or after a "To bat:"-style colon) is one too.
    for (std::size_t i = 0; i < cands.size(); ++i) {
        Candidate& c = cands[i];
        if (c.accepted || c.place || c.common || c.name_words > 4) continue;
        auto sep_ok = [&](std::size_t x, std::size_t y) {  // only ", " or " and " between tokens x and y
            if (y <= x) return false;
            for (std::size_t q = x + 1; q < y; ++q)
                if (!(d.punct(q, ',') || (toks[q].word && toks[q].lower_text == "and"))) return false;
            return y - x <= 3;
        };
        const bool left = i > 0 && cands[i - 1].accepted && sep_ok(cands[i - 1].last, c.seq_first);
        const bool right = i + 1 < cands.size() && cands[i + 1].accepted && sep_ok(c.last, cands[i + 1].seq_first);
        if ((left && right) || ((left || right) && c.name_words >= 2)) c.listed = c.accepted = true;
    }

    // ---- aliases from accepted multi-word names: "Putin", "Lula da Silva", "Xi"
    struct AliasTarget {
        std::size_t pos;
        const std::string* canonical;
    };
    std::unordered_map<std::string, std::vector<AliasTarget>> aliases;
    auto add_alias = [&](const std::string& key, std::size_t pos, const std::string* canon) {
        auto& v = aliases[key];
        for (const auto& x : v)
            if (*x.canonical == *canon) return;
        v.push_back({pos, canon});
    };
    auto fold_key = [](std::string_view s) {
        // Case-insensitive key; keeps non-ASCII letters (ICU case folding is not needed
        // for the headline capitals of the names seen in running text: "PUTIN").
        std::string out;
        out.reserve(s.size());
        std::size_t i = 0;
        while (i < s.size()) {
            std::size_t next;
            const UChar32 c = code_point_at(s, i, &next);
            const UChar32 l = c >= 0 ? u_tolower(c) : c;
            if (l >= 0) {
                char buf[4];
                int32_t n = 0;
                UBool err = false;
                (void)err;
                U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, l, err);
                out.append(buf, static_cast<std::size_t>(n));
            }
            i = next;
        }
        return out;
    };
    // Longest names first, so "Lula da Silva" points at the full name.
    std::vector<const Candidate*> full;
    for (const auto& c : cands)
        if (c.accepted && c.name_words >= 2) full.push_back(&c);
    std::stable_sort(full.begin(), full.end(),
                     [](const Candidate* x, const Candidate* y) { return x->name_words > y->name_words; });
    std::unordered_map<std::string, const std::string*> canonical_of;  // folded full name -> canonical
    for (const Candidate* c : full) {
        const std::string key = fold_key(c->text);
        auto it = aliases.find(key);
        if (it != aliases.end()) {
            canonical_of.emplace(key, it->second.front().canonical);
            continue;  // a shorter form of a longer name already seen
        }
        canonical_of.emplace(key, &c->text);
        add_alias(key, toks[c->first].begin, &c->text);
        for (std::size_t q = c->first + 1; q <= c->last; ++q) {
            if (!name_word(d, q)) continue;
            const std::string_view rest = text.substr(toks[q].begin, toks[c->last].end - toks[q].begin);
            add_alias(fold_key(rest), toks[c->first].begin, &c->text);
            // "von der Leyen": the particles before the surname too.
            if (q > c->first + 1 && !toks[q - 1].cap) {
                std::size_t r = q - 1;
                while (r > c->first + 1 && !toks[r - 1].cap) --r;
                add_alias(fold_key(text.substr(toks[r].begin, toks[c->last].end - toks[r].begin)),
                          toks[c->first].begin, &c->text);
            }
        }
        if (c->family) add_alias(fold_key(d.word(c->first)), toks[c->first].begin, &c->text);
    }
    for (const auto& c : cands)
        if (c.accepted && !c.known_as.empty()) add_alias(fold_key(c.text), toks[c.first].begin, &c.known_as);
    auto resolve = [&](const std::string& surface, std::size_t pos) -> const std::string* {
        auto it = aliases.find(fold_key(surface));
        if (it == aliases.end()) return nullptr;
        // The nearest full name before the mention; else the first one.
        const std::string* best = nullptr;
        std::size_t best_pos = 0;
        for (const auto& x : it->second)
            if (x.pos <= pos && (!best || x.pos >= best_pos)) {
                best = x.canonical;
                best_pos = x.pos;
            }
        return best ? best : it->second.front().canonical;
    };

    // ---- mentions
    std::vector<PersonMention> mentions;
    for (const auto& c : cands) {
        const std::string* canon = nullptr;
        if (c.accepted && !c.known_as.empty()) {
            canon = &c.known_as;
        } else if (c.name_words >= 2) {
            auto it = canonical_of.find(fold_key(c.text));
            if (it != canonical_of.end()) canon = it->second;
            else if (!c.place) canon = resolve(c.text, toks[c.first].begin);
        } else if (!(c.common && !c.titled)) {
            canon = resolve(c.text, toks[c.first].begin);
            if (canon && c.place && !c.titled && !c.apposition && !c.speech) {
                // "Jordan" alone is the country unless the article's person is in a sports/people context;
                // a surname shared with a place ("Washington") needs the person's first name nearby.
                canon = nullptr;
            }
        }
        if (!canon && c.accepted) canon = &c.text;
        if (!canon) continue;
        mentions.push_back({toks[c.first].begin, toks[c.first].begin + c.text.size(), *canon});
    }
    // Headline capitals: "PUTIN" or "VLADIMIR PUTIN" when the article names him.
    if (!aliases.empty()) {
        for (std::size_t k = 0; k < toks.size(); ++k) {
            if (!headline_word(d, k)) continue;
            std::size_t e = k;
            while (e + 1 < toks.size() && e - k < 3 && headline_word(d, e + 1) && d.same_line_adjacent(e, e + 1)) ++e;
            // Longest alias inside the run.
            bool found = false;
            for (std::size_t a = k; a <= e && !found; ++a)
                for (std::size_t b = e + 1; b-- > a && !found;) {
                    const std::string surface(text.substr(toks[a].begin, toks[b].end - toks[a].begin));
                    if (surface.size() < 3) continue;
                    if (const std::string* canon = resolve(surface, toks[a].begin)) {
                        mentions.push_back({toks[a].begin, toks[b].end, *canon});
                        found = true;
                    }
                }
            k = e;
        }
    }
    std::sort(mentions.begin(), mentions.end(),
              [](const PersonMention& x, const PersonMention& y) { return x.begin < y.begin; });
    // Drop overlaps (keep the earlier, longer one).
    for (auto& m : mentions) {
        if (!result.people.empty() && m.begin < result.people.back().end) continue;
        result.people.push_back(std::move(m));
    }

    // ---- which places survive the context
    {
        std::size_t m = 0;
        for (std::size_t p = 0; p < places.size(); ++p) {
            while (m < result.people.size() && result.people[m].end <= places[p].begin) ++m;
            if (m < result.people.size() && result.people[m].begin < places[p].end) result.place_kept[p] = false;
        }
    }
    for (const auto& [a, b] : org_runs) result.organisations.emplace_back(toks[a].begin, toks[b].end);
    std::sort(result.organisations.begin(), result.organisations.end());
    for (const auto& [a, b] : org_runs) {
        for (std::size_t q = a; q <= b; ++q)
            if (place_at_token[q] >= 0) {
                const auto& pl = places[place_at_token[q]];
                // A place that is the whole run stays ("United States" is not an org).
                if (pl.begin <= toks[a].begin && pl.end >= toks[b].end) continue;
                result.place_kept[place_at_token[q]] = false;
            }
    }
    for (std::size_t k = 0; k < toks.size(); ++k) {
        const int p = place_at_token[k];
        if (p < 0 || !result.place_kept[p]) continue;
        const auto& pl = places[p];
        if (toks[k].begin != pl.begin) continue;
        std::size_t last = k;
        while (last + 1 < toks.size() && place_at_token[last + 1] == p) ++last;
        // Sentence-initial common word: "Reading is ...".
        if (last == k && toks[k].sentence_start && !toks[k].all_caps) {
            const std::string& lw = toks[k].lower_text;
            const bool next_lower = k + 1 < toks.size() && toks[k + 1].word && toks[k + 1].lower &&
                                    !d.same_line_adjacent(k, k + 1) == false;
            if ((T.sentence_words.count(lw) || d.lower_words.count(lw)) && next_lower) result.place_kept[p] = false;
        }
        const bool club_kind = pl.kind == PlaceKind::City || pl.kind == PlaceKind::Region;
        // A city as a sports club in a results line: "Leeds 2 Chelsea 1", "NEW YORK 59 69 .461".
        if (club_kind && last + 1 < toks.size() && toks[last + 1].digit && d.same_line_adjacent(last, last + 1)) {
            const std::string_view num = d.word(last + 1);
            if (num.size() <= 3 && num.find('-') == std::string_view::npos) result.place_kept[p] = false;
        }
        // Fixtures: "Norwich v Wolverhampton", "Oakland at New York" in a schedule line.
        auto is_versus = [&](std::size_t q) {
            return q < toks.size() && toks[q].word && (d.word(q) == "v" || d.word(q) == "vs" || d.word(q) == "v." || d.word(q) == "vs.");
        };
        if (club_kind && ((k > 0 && is_versus(k - 1)) || is_versus(last + 1))) result.place_kept[p] = false;
        // A club after a player: "Marco Pascolo (Cagliari)".
        if (club_kind && k >= 2 && d.punct(k - 1, '(') && last + 1 < toks.size() && d.punct(last + 1, ')')) {
            for (const auto& m : result.people)
                if (m.end <= toks[k - 1].begin && toks[k - 1].begin - m.end <= 1) result.place_kept[p] = false;
        }
        // In sports reports, a city that wins, loses or owns players is the club.
        if (club_kind && sporty && last + 1 < toks.size() && toks[last + 1].word && !toks[last + 1].cap &&
            T.club_verbs.count(toks[last + 1].lower_text))
            result.place_kept[p] = false;
        if (club_kind && sporty && toks[last].possessive) result.place_kept[p] = false;
        // Part of a longer capitalised name that is neither a person nor a place:
        // "Bayern Munich", "Paris Newsroom", "Hong Kong Interbank", "Alarm UK".
        if (k > 0 && d.same_line_adjacent(k - 1, k) && name_word(d, k - 1) && place_at_token[k - 1] < 0 &&
            !toks[k - 1].sentence_start && !T.never.count(toks[k - 1].lower_text) && !is_title(d, k - 1) &&
            !T.compass.count(toks[k - 1].lower_text))
            result.place_kept[p] = false;
        if (k > 0 && d.same_line_adjacent(k - 1, k) && name_word(d, k - 1) && T.org_starts.count(toks[k - 1].lower_text))
            result.place_kept[p] = false;
        if (!toks[last].possessive && last + 1 < toks.size() && d.same_line_adjacent(last, last + 1) &&
            place_at_token[last + 1] < 0 && !is_title(d, last + 1) &&
            ((name_word(d, last + 1) && !T.never.count(toks[last + 1].lower_text)) ||
             (toks[last + 1].all_caps && toks[k].all_caps && T.org_ends.count(toks[last + 1].lower_text))))
            result.place_kept[p] = false;
        // "East Jerusalem", "Northern Ireland": a compass word before the place belongs to it.
        if (result.place_kept[p] && k > 0 && d.same_line_adjacent(k - 1, k) && toks[k - 1].cap &&
            T.compass.count(toks[k - 1].lower_text))
            result.place_begin[p] = toks[k - 1].begin;
    }
    return result;
}

}  // namespace newsdex
