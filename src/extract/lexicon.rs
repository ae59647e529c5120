//! Word lists behind the dense check-worthiness features: figures and
//! magnitudes, money, records and change, attribution verbs, comparison,
//! person, modality, opinion, negation, greetings and hedges. Hand-chosen
//! categories; the weight each one gets is learned from data.

pub const MAGNITUDE: &[&str] = &[
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "trillions",
    "dozen",
    "dozens",
];
pub const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "half",
    "twice", "double", "triple", "quarter", "third", "first", "second", "single",
];
pub const MONEY: &[&str] = &[
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "cents", "tax", "taxes", "budget",
    "deficit", "debt", "spent", "spend", "spending", "paid", "pay", "cost", "costs", "funding",
];
pub const RECORD: &[&str] = &[
    "record",
    "ever",
    "never",
    "history",
    "historic",
    "all-time",
    "only",
    "every",
    "nobody",
    "always",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "rose",
    "fell",
    "doubled",
    "tripled",
    "grew",
    "lost",
    "gained",
    "rate",
    "percent",
];
pub const ATTRIBUTION: &[&str] = &[
    "said",
    "says",
    "claims",
    "claimed",
    "claim",
    "announced",
    "announce",
    "reported",
    "reports",
    "according",
    "stated",
    "states",
    "voted",
    "vote",
    "signed",
    "passed",
    "approved",
    "endorsed",
    "supported",
    "opposed",
    "called",
    "admitted",
    "confirmed",
    "denied",
    "declared",
    "wrote",
    "testified",
    "promised",
    "agreed",
    "estimated",
    "found",
    "showed",
    "shows",
];
pub const COMPARATIVE_WORDS: &[&str] = &[
    "more", "less", "fewer", "than", "higher", "lower", "larger", "smaller", "bigger", "greater",
    "worse", "better", "faster", "slower", "cheaper", "above", "below", "compared",
];
pub const SUPERLATIVE_WORDS: &[&str] = &[
    "most", "least", "largest", "biggest", "highest", "lowest", "best", "worst", "greatest",
    "fastest", "smallest", "richest", "poorest", "top",
];
pub const FIRST_PERSON: &[&str] = &["i", "me", "my", "mine", "i'm", "i've", "i'll", "i'd"];
pub const SECOND_PERSON: &[&str] = &["you", "your", "yours", "you're", "you've", "you'll"];
pub const FUTURE: &[&str] = &[
    "will", "would", "should", "could", "might", "shall", "going", "gonna", "can", "must", "let's",
    "want", "wants", "hope",
];
pub const OPINION: &[&str] = &[
    "think",
    "believe",
    "feel",
    "hope",
    "wish",
    "love",
    "hate",
    "guess",
    "opinion",
    "suppose",
    "honestly",
    "frankly",
    "wonderful",
    "great",
    "terrible",
    "horrible",
    "beautiful",
    "amazing",
    "disaster",
    "sad",
    "incredible",
    "tremendous",
];
pub const NEGATION: &[&str] = &[
    "not", "no", "never", "n't", "don't", "doesn't", "didn't", "isn't", "wasn't", "won't", "can't",
    "nothing", "none",
];
pub const GREETING: &[&str] = &[
    "thank",
    "thanks",
    "welcome",
    "hello",
    "evening",
    "morning",
    "congratulations",
    "applause",
    "laughter",
    "crosstalk",
    "cheering",
    "booing",
    "bless",
    "okay",
    "ok",
    "yes",
    "yeah",
];
pub const HEDGE: &[&str] = &[
    "maybe", "perhaps", "possibly", "probably", "likely", "seems", "suggests", "might", "may",
    "could",
];
