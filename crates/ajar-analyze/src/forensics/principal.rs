//! Who made a request: guest, external, internal or unknown (formats.md §2.2).

use ajar_model::event::PrincipalClass;

/// Why a row got its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The user is one of the org's guest users (`--guest-user`, User export `UserType=Guest`).
    GuestUserId,
    /// `USER_TYPE` (or `UserType`) by name.
    UserTypeName,
    /// `USER_TYPE` one-letter code.
    UserTypeCode,
    /// Sites `IS_GUEST`.
    IsGuest,
    /// The row's `REQUEST_ID` is also a guest row's.
    GuestRequest,
    /// The row's `SESSION_KEY` is also a guest row's.
    GuestSession,
    /// No user type in the row; the user's `UserType` in the User export.
    UserExport,
    /// Nothing in the row says.
    NoUserType,
}

/// Classes a `USER_TYPE` value: names (`Guest`, `Standard`, `PowerPartner`...), the composite
/// form `Standard(db=S,api=Standard)` by its leading name, and the case-sensitive letter codes
/// of Logout and Lightning events (`G` guest, `P` partner, `p` portal manager...).
pub fn from_user_type(v: &str) -> (PrincipalClass, Reason) {
    // A byte loop, not `split('(')`: values are a few bytes, and this runs on every row.
    let name = match v.bytes().position(|b| b == b'(') {
        Some(i) => v.get(..i).unwrap_or(v).trim(),
        None => v.trim(),
    };
    if name.len() == 1 {
        let class = match name {
            "G" => PrincipalClass::Guest,
            // High-volume portal, customer portal, external who, self-service, partner, portal
            // manager: authenticated outsiders.
            "b" | "C" | "D" | "F" | "P" | "p" => PrincipalClass::External,
            // Standard, admin, automated.
            "S" | "X" | "A" => PrincipalClass::Internal,
            // `n` (CSN only) is configurable; `L`, `N`, `O`, `o` are undocumented in meaning.
            _ => PrincipalClass::Unknown,
        };
        return (class, Reason::UserTypeCode);
    }
    let class = match name {
        "Guest" => PrincipalClass::Guest,
        "CspLitePortal"
        | "CustomerSuccess"
        | "PowerCustomerSuccess"
        | "PowerPartner"
        | "SelfService"
        | "Partner" => PrincipalClass::External,
        "Standard" | "Automated" => PrincipalClass::Internal,
        // `CsnOnly` can be internal or external depending on the org.
        _ => PrincipalClass::Unknown,
    };
    (class, Reason::UserTypeName)
}

/// What a one-letter `USER_TYPE` stands for (EventLogFile reference, LightningInteraction).
pub fn code_label(code: &str) -> &'static str {
    match code {
        "A" => "automated process",
        "b" => "high-volume portal",
        "C" => "customer portal",
        "D" => "external who",
        "F" => "self-service",
        "G" => "guest",
        "L" => "package license manager",
        "N" => "Salesforce to Salesforce",
        "n" => "CSN only",
        "O" => "power custom",
        "o" => "custom",
        "P" => "partner",
        "p" => "customer portal manager",
        "S" => "standard",
        "X" => "administrator",
        _ => "unknown code",
    }
}

/// The reason in words, for `principal_reason`.
pub fn describe(reason: Reason, user_type: Option<&str>) -> String {
    let mut s = String::new();
    describe_into(reason, user_type, &mut s);
    s
}

/// [`describe`] written over `out`, reusing its buffer.
pub fn describe_into(reason: Reason, user_type: Option<&str>, out: &mut String) {
    out.clear();
    match reason {
        Reason::GuestUserId => out.push_str("guest user id"),
        Reason::UserTypeName => {
            out.push_str("USER_TYPE ");
            out.push_str(user_type.unwrap_or(""));
        }
        Reason::UserTypeCode => {
            let code = user_type.unwrap_or("");
            out.push_str("USER_TYPE ");
            out.push_str(code);
            out.push_str(" (");
            out.push_str(code_label(code));
            out.push(')');
        }
        Reason::IsGuest => out.push_str("IS_GUEST 1"),
        Reason::GuestRequest => out.push_str("REQUEST_ID of a guest request"),
        Reason::GuestSession => out.push_str("SESSION_KEY of a guest session"),
        Reason::UserExport => out.push_str("UserType in the User export"),
        Reason::NoUserType => out.push_str("no user type in the row"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_codes_and_composites() {
        // Trap 21.
        assert_eq!(from_user_type("G").0, PrincipalClass::Guest);
        assert_eq!(from_user_type("Guest").0, PrincipalClass::Guest);
        assert_eq!(
            from_user_type("Standard(db=S,api=Standard)").0,
            PrincipalClass::Internal
        );
        assert_eq!(from_user_type("P").0, PrincipalClass::External);
        assert_eq!(from_user_type("p").0, PrincipalClass::External);
        assert_eq!(from_user_type("X").0, PrincipalClass::Internal);
        assert_eq!(from_user_type("n").0, PrincipalClass::Unknown);
        assert_eq!(from_user_type("CsnOnly").0, PrincipalClass::Unknown);
        assert_eq!(from_user_type("PowerPartner").0, PrincipalClass::External);
        assert_ne!(
            describe(Reason::UserTypeCode, Some("P")),
            describe(Reason::UserTypeCode, Some("p"))
        );
        assert_eq!(
            describe(Reason::UserTypeCode, Some("p")),
            "USER_TYPE p (customer portal manager)"
        );
        assert_eq!(
            from_user_type("g").0,
            PrincipalClass::Unknown,
            "codes are case-sensitive"
        );
    }
}
