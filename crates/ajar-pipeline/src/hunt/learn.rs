//! What a user list tells the log analysis: guests, other users' types (rows without a user
//! type in the logs are classed by them, formats.md §2.2) and usernames (an indicator naming a
//! username finds its ID). One rule, fed by `hunt --users` (a `User.csv`) and by
//! `investigate`'s Data Export.

use ajar_model::sfid::SfId;
use std::collections::HashMap;

/// The users learned so far.
#[derive(Debug, Clone, Default)]
pub struct Users {
    /// Users whose `UserType` is `Guest`.
    pub guests: ajar_analyze::forensics::IdSet,
    /// Every other user's `UserType`.
    pub types: ajar_analyze::forensics::IdMap<String>,
    /// Lower-cased username → ID.
    pub usernames: HashMap<String, SfId>,
}

impl Users {
    /// Learns one user; blank values tell nothing.
    pub fn learn(&mut self, id: SfId, user_type: Option<&str>, username: Option<&str>) {
        if let Some(n) = username.map(str::trim).filter(|n| !n.is_empty()) {
            self.usernames.insert(n.to_lowercase(), id);
        }
        match user_type.map(str::trim) {
            Some(t) if t.eq_ignore_ascii_case("Guest") => {
                self.guests.insert(id);
            }
            Some(t) if !t.is_empty() => {
                self.types.insert(id, t.to_owned());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn guests_types_and_usernames_are_told_apart() {
        let guest = SfId::parse("005000000000001AAA").unwrap();
        let staff = SfId::parse("005000000000002AAA").unwrap();
        let blank = SfId::parse("005000000000003AAA").unwrap();
        let mut u = Users::default();
        u.learn(guest, Some(" guest "), None);
        u.learn(staff, Some("Standard"), Some(" Ops@Example.com "));
        u.learn(blank, Some(" "), Some(""));
        assert!(u.guests.contains(&guest) && u.guests.len() == 1);
        assert_eq!(u.types.get(&staff).map(String::as_str), Some("Standard"));
        assert!(!u.types.contains_key(&blank));
        assert_eq!(u.usernames.get("ops@example.com"), Some(&staff));
        assert_eq!(u.usernames.len(), 1);
    }
}
