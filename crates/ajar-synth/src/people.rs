//! Fake Japanese applicants: names from built-in lists, mobile numbers, e-money numbers.
//!
//! Every character is in JIS X 0208 so that a Shift_JIS export round-trips; 能 and 十 have the
//! trail byte 0x5C (`\\`) in Shift_JIS, which a naive decoder mistakes for an escape
//! (formats.md §3 trap 29).

use crate::rng::Rng;
use rand::Rng as _;

const FAMILY: &[&str] = &[
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "山崎",
    "森",
    "池田",
    "橋本",
    "阿部",
    "石川",
    "山下",
    "中島",
    "石井",
    "小川",
    "前田",
    "岡田",
    "長谷川",
    "藤田",
    "後藤",
    "近藤",
    "村上",
    "遠藤",
    "青木",
    "坂本",
    "斉藤",
    "福田",
    "太田",
    "西村",
    "藤井",
    "金子",
    "岡本",
    "藤原",
    "中野",
    "三浦",
    "原田",
    "中川",
    "松田",
    "竹内",
    "小野",
    "田村",
    "中山",
    "和田",
    "石田",
    "森田",
    "上田",
    "原",
    "内田",
    "柴田",
    "酒井",
    "宮崎",
    "横山",
    "高木",
    "安藤",
    "宮本",
    "大野",
    "小島",
    "谷口",
    "今井",
    "工藤",
    "高田",
    "増田",
    "丸山",
    "杉山",
    "村田",
    "大塚",
    "新井",
    "小山",
    "平野",
    "藤本",
    "河野",
    "上野",
    "野口",
    "武田",
    "松井",
    "千葉",
    "岩崎",
    "菅原",
    "木下",
    "久保",
    "佐野",
    "能登",
    "十河",
    "野村",
    "松尾",
    "市川",
    "菊地",
    "杉本",
    "古川",
    "大西",
    "島田",
    "水野",
    "桜井",
    "高野",
    "渡部",
];

const GIVEN: &[&str] = &[
    "太郎",
    "一郎",
    "健太",
    "翔太",
    "大輔",
    "拓也",
    "直樹",
    "亮",
    "誠",
    "浩",
    "学",
    "修",
    "剛",
    "隆",
    "悠斗",
    "陽翔",
    "蓮",
    "大翔",
    "悠真",
    "湊",
    "樹",
    "颯太",
    "蒼",
    "陸",
    "健一",
    "和也",
    "達也",
    "哲也",
    "秀樹",
    "博之",
    "花子",
    "陽子",
    "恵子",
    "裕子",
    "直美",
    "美穂",
    "智子",
    "久美子",
    "由美",
    "真由美",
    "愛",
    "彩",
    "舞",
    "結衣",
    "陽菜",
    "美咲",
    "さくら",
    "葵",
    "凛",
    "結菜",
    "莉子",
    "芽依",
    "美羽",
    "心春",
    "七海",
    "優奈",
    "千尋",
    "明美",
    "順子",
    "幸子",
    "和子",
    "洋子",
    "康介",
    "雄大",
    "俊介",
    "慎吾",
    "祐介",
    "涼子",
    "麻衣",
    "香織",
    "奈々",
    "理恵",
    "沙織",
    "早苗",
];

const DOMAINS: &[&str] = &["example.jp", "example.com", "example.net", "example.org"];

/// One applicant.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// Family and given name, separated by one ASCII space.
    pub(crate) family: &'static str,
    pub(crate) given: &'static str,
    /// 11 digits, `0[789]0` then 8.
    pub(crate) phone: [u8; 11],
    /// Born on (days since 1970, may be negative).
    pub(crate) birth_day: i64,
}

impl Person {
    pub(crate) fn random(r: &mut Rng) -> Self {
        let family = FAMILY
            .get(r.random_range(0..FAMILY.len()))
            .copied()
            .unwrap_or("佐藤");
        let given = GIVEN
            .get(r.random_range(0..GIVEN.len()))
            .copied()
            .unwrap_or("太郎");
        let mut phone = [b'0'; 11];
        if let Some(second) = phone.get_mut(1) {
            *second = b'7' + r.random_range(0..3u8);
        }
        for d in phone.iter_mut().skip(3) {
            *d = b'0' + r.random_range(0..10u8);
        }
        Self {
            family,
            given,
            phone,
            birth_day: r.random_range(-18_000..11_000),
        }
    }

    /// The name as an applicant types it: a half- or full-width space between the parts.
    pub(crate) fn name(&self, full_width_space: bool) -> String {
        let sep = if full_width_space { "\u{3000}" } else { " " };
        format!("{}{sep}{}", self.family, self.given)
    }

    /// `090-1234-5678`, or `09012345678` when typed without hyphens.
    pub(crate) fn phone(&self, hyphens: bool) -> String {
        let p = String::from_utf8_lossy(&self.phone).into_owned();
        if hyphens {
            let part = |a: usize, b: usize| p.get(a..b).unwrap_or("");
            format!("{}-{}-{}", part(0, 3), part(3, 7), part(7, 11))
        } else {
            p
        }
    }
}

/// A 16-digit e-money number.
pub(crate) fn emoney(r: &mut Rng) -> String {
    let mut s = String::with_capacity(16);
    s.push(char::from(b'1' + r.random_range(0..4u8)));
    for _ in 0..15 {
        s.push(char::from(b'0' + r.random_range(0..10u8)));
    }
    s
}

/// A contact address on a reserved domain (RFC 2606), for staff-entered e-mail.
pub(crate) fn email(r: &mut Rng, n: u64) -> String {
    let dom = DOMAINS
        .get(r.random_range(0..DOMAINS.len()))
        .copied()
        .unwrap_or("example.jp");
    format!("applicant{n}@{dom}")
}
