//! Words for filings: dates in the Japanese style, country names instead of ISO codes, the
//! person keys and APPI events in plain language (issue #14, item 5).

use crate::view::Lang;
use jiff::civil::{Date, Weekday};

/// A date as a filing writes it: `2020年11月26日（木）` in Japanese, `2020-11-26` in English.
pub fn date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Ja => {
            let w = match d.weekday() {
                Weekday::Monday => "月",
                Weekday::Tuesday => "火",
                Weekday::Wednesday => "水",
                Weekday::Thursday => "木",
                Weekday::Friday => "金",
                Weekday::Saturday => "土",
                Weekday::Sunday => "日",
            };
            format!("{}年{}月{}日（{w}）", d.year(), d.month(), d.day())
        }
        Lang::En => d.to_string(),
    }
}

/// ISO 3166-1 alpha-2 code, English short name, Japanese name (外務省 国・地域 names).
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("AE", "United Arab Emirates", "アラブ首長国連邦"),
    ("AR", "Argentina", "アルゼンチン"),
    ("AT", "Austria", "オーストリア"),
    ("AU", "Australia", "オーストラリア"),
    ("BD", "Bangladesh", "バングラデシュ"),
    ("BE", "Belgium", "ベルギー"),
    ("BG", "Bulgaria", "ブルガリア"),
    ("BR", "Brazil", "ブラジル"),
    ("BY", "Belarus", "ベラルーシ"),
    ("CA", "Canada", "カナダ"),
    ("CH", "Switzerland", "スイス"),
    ("CL", "Chile", "チリ"),
    ("CN", "China", "中国"),
    ("CO", "Colombia", "コロンビア"),
    ("CY", "Cyprus", "キプロス"),
    ("CZ", "Czechia", "チェコ"),
    ("DE", "Germany", "ドイツ"),
    ("DK", "Denmark", "デンマーク"),
    ("EE", "Estonia", "エストニア"),
    ("EG", "Egypt", "エジプト"),
    ("ES", "Spain", "スペイン"),
    ("FI", "Finland", "フィンランド"),
    ("FR", "France", "フランス"),
    ("GB", "United Kingdom", "英国"),
    ("GR", "Greece", "ギリシャ"),
    ("HK", "Hong Kong", "香港"),
    ("HR", "Croatia", "クロアチア"),
    ("HU", "Hungary", "ハンガリー"),
    ("ID", "Indonesia", "インドネシア"),
    ("IE", "Ireland", "アイルランド"),
    ("IL", "Israel", "イスラエル"),
    ("IN", "India", "インド"),
    ("IR", "Iran", "イラン"),
    ("IS", "Iceland", "アイスランド"),
    ("IT", "Italy", "イタリア"),
    ("JP", "Japan", "日本"),
    ("KE", "Kenya", "ケニア"),
    ("KH", "Cambodia", "カンボジア"),
    ("KP", "North Korea", "北朝鮮"),
    ("KR", "South Korea", "韓国"),
    ("KZ", "Kazakhstan", "カザフスタン"),
    ("LA", "Laos", "ラオス"),
    ("LI", "Liechtenstein", "リヒテンシュタイン"),
    ("LK", "Sri Lanka", "スリランカ"),
    ("LT", "Lithuania", "リトアニア"),
    ("LU", "Luxembourg", "ルクセンブルク"),
    ("LV", "Latvia", "ラトビア"),
    ("MA", "Morocco", "モロッコ"),
    ("MM", "Myanmar", "ミャンマー"),
    ("MN", "Mongolia", "モンゴル"),
    ("MO", "Macao", "マカオ"),
    ("MT", "Malta", "マルタ"),
    ("MX", "Mexico", "メキシコ"),
    ("MY", "Malaysia", "マレーシア"),
    ("NG", "Nigeria", "ナイジェリア"),
    ("NL", "Netherlands", "オランダ"),
    ("NO", "Norway", "ノルウェー"),
    ("NP", "Nepal", "ネパール"),
    ("NZ", "New Zealand", "ニュージーランド"),
    ("PE", "Peru", "ペルー"),
    ("PH", "Philippines", "フィリピン"),
    ("PK", "Pakistan", "パキスタン"),
    ("PL", "Poland", "ポーランド"),
    ("PT", "Portugal", "ポルトガル"),
    ("QA", "Qatar", "カタール"),
    ("RO", "Romania", "ルーマニア"),
    ("RS", "Serbia", "セルビア"),
    ("RU", "Russia", "ロシア"),
    ("SA", "Saudi Arabia", "サウジアラビア"),
    ("SE", "Sweden", "スウェーデン"),
    ("SG", "Singapore", "シンガポール"),
    ("SI", "Slovenia", "スロベニア"),
    ("SK", "Slovakia", "スロバキア"),
    ("TH", "Thailand", "タイ"),
    ("TR", "Türkiye", "トルコ"),
    ("TW", "Taiwan", "台湾"),
    ("UA", "Ukraine", "ウクライナ"),
    ("US", "United States", "米国"),
    ("VN", "Viet Nam", "ベトナム"),
    ("ZA", "South Africa", "南アフリカ"),
];

/// A country's name; a code the table does not hold is named as a country or region code.
pub fn country(code: &str, lang: Lang) -> String {
    let found = COUNTRIES
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code));
    match (found, lang) {
        (Some((_, en, _)), Lang::En) => (*en).to_owned(),
        (Some((_, _, ja)), Lang::Ja) => (*ja).to_owned(),
        (None, Lang::En) => format!("country or region {code}"),
        (None, Lang::Ja) => format!("国・地域（コード {code}）"),
    }
}

/// How persons were told apart, in words.
pub fn person_key(key: &str, lang: Lang) -> String {
    match (key, lang) {
        ("email", Lang::Ja) => "メールアドレスが同じもの".to_owned(),
        ("name+phone_e164", Lang::Ja) => "氏名と電話番号が同じもの".to_owned(),
        ("phone_e164", Lang::Ja) => "氏名がなく電話番号が同じもの".to_owned(),
        ("email", Lang::En) => "the same e-mail address".to_owned(),
        ("name+phone_e164", Lang::En) => "the same name and phone number".to_owned(),
        ("phone_e164", Lang::En) => "no name and the same phone number".to_owned(),
        (other, Lang::Ja) => format!("同じ識別子（{other}）"),
        (other, Lang::En) => format!("the same {other}"),
    }
}

/// An APPI Rules Art. 7 event in words, by trigger id.
pub fn appi_event(id: &str, lang: Lang) -> Option<&'static str> {
    Some(match (id, lang) {
        ("APPI-E1", Lang::Ja) => {
            "要配慮個人情報が含まれる個人データの漏えい等（施行規則第7条第1号）"
        }
        ("APPI-E2", Lang::Ja) => {
            "不正に利用されることにより財産的被害が生じるおそれがある個人データの漏えい等（施行規則第7条第2号）"
        }
        ("APPI-E3", Lang::Ja) => {
            "不正の目的をもって行われたおそれがある行為による個人データの漏えい等（施行規則第7条第3号）"
        }
        ("APPI-E4", Lang::Ja) => {
            "個人データに係る本人の数が千人を超える漏えい等（施行規則第7条第4号）"
        }
        ("APPI-E1", Lang::En) => {
            "leak of personal data including special care-required data (Rules Art. 7(i))"
        }
        ("APPI-E2", Lang::En) => {
            "leak of personal data whose wrongful use may cause property damage (Rules Art. 7(ii))"
        }
        ("APPI-E3", Lang::En) => {
            "leak possibly caused by an act with a wrongful purpose (Rules Art. 7(iii))"
        }
        ("APPI-E4", Lang::En) => "leak concerning more than 1,000 persons (Rules Art. 7(iv))",
        _ => return None,
    })
}

/// Runs of days as a filing writes them: `A to B, C` (`AからBまで、C`).
pub(crate) fn day_ranges(runs: &[ajar_model::span::DayRange], lang: Lang) -> String {
    let text: Vec<String> = runs
        .iter()
        .map(|r| {
            let (a, b) = (date(r.from, lang), date(r.to, lang));
            match lang {
                _ if r.from == r.to => a,
                Lang::Ja => format!("{a}から{b}まで"),
                Lang::En => format!("{a} to {b}"),
            }
        })
        .collect();
    text.join(match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn japanese_dates_carry_the_weekday() {
        assert_eq!(date(d(2020, 11, 26), Lang::Ja), "2020年11月26日（木）");
        assert_eq!(date(d(2020, 11, 24), Lang::Ja), "2020年11月24日（火）");
        assert_eq!(date(d(2016, 1, 15), Lang::Ja), "2016年1月15日（金）");
        assert_eq!(date(d(2020, 11, 26), Lang::En), "2020-11-26");
    }

    #[test]
    fn countries_are_named() {
        assert_eq!(country("US", Lang::Ja), "米国");
        assert_eq!(country("de", Lang::En), "Germany");
        assert_eq!(country("ZZ", Lang::Ja), "国・地域（コード ZZ）");
        // Sorted by code, so that a missing one is easy to find.
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
