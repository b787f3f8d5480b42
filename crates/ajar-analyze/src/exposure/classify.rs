//! Whether a field holds personal data: declared (`complianceGroup`, `securityClassification`)
//! or inferred from its type and name (formats.md §1.5: the declarations are rare).

use ajar_model::classify::{ClassSource, Classification, DataClass};
use ajar_model::org::FieldDef;

mod words;

use words::*;

/// Classifies `object.field`; `def` is the field's definition when it was in the input.
/// The order is the dictionary's (docs/classification.md): a declaration wins; then settings
/// that are not data about a person; then special categories; then identifiers; then the
/// field's type (`Phone`, `Email`) and its words for e-mail, phone, address and name, where a
/// person's word beats an event's or a venue's; then free text named like a note.
pub fn classify(object: &str, field: &str, def: Option<&FieldDef>) -> Option<Classification> {
    if let Some(c) = def.and_then(declared) {
        return Some(c);
    }
    let words = split_words(api_stem(field));
    let label = def
        .and_then(|d| d.label.as_deref())
        .map(split_words)
        .unwrap_or_default();
    let field_type = def.and_then(|d| d.field_type.as_deref());
    if first(NOT_PERSONAL, &words).is_some() {
        return None;
    }
    let texts = def
        .into_iter()
        .flat_map(|d| [d.help_text.as_deref(), d.description.as_deref()])
        .flatten()
        .map(split_words);
    let sensitive = std::iter::once(words.clone())
        .chain((first(NOT_PERSONAL, &label).is_none()).then(|| label.clone()))
        .chain(texts)
        .find_map(|w| first(SENSITIVE, &w));
    if let Some(e) = sensitive {
        return e.class.map(|c| inferred(c, e.reason));
    }
    // A checkbox says yes or no: only a special category makes it personal.
    if field_type == Some("Checkbox") {
        return None;
    }
    // `Account.AccountNumber` is the organisation's number in the CRM, not a bank account.
    if object == "Account" && field == "AccountNumber" {
        return None;
    }
    if let Some(e) = first(IDENTIFIERS, &words) {
        return e.class.map(|c| inferred(c, e.reason));
    }
    // `Name_On_Account__c`, `Name_On_Card__c`: the holder's name.
    let person = words.iter().any(|w| PERSON_WORDS.contains(&w.as_str()))
        || words.concat().starts_with("nameon");
    let entity = !person && words.iter().any(|w| ENTITY_WORDS.contains(&w.as_str()));
    let has = |w: &str| matches(&words, w);
    if field_type == Some("Email") || has("email*") || has("~emailaddress") {
        if words.iter().any(|w| ROUTING_WORDS.contains(&w.as_str())) {
            return None;
        }
        return (!entity).then(|| {
            inferred(
                DataClass::Email,
                if field_type == Some("Email") {
                    "type Email"
                } else {
                    "name contains \"email\""
                },
            )
        });
    }
    if field_type == Some("Phone") || has("phone*") || has("mobile") || has("fax") {
        return (!entity).then(|| {
            inferred(
                DataClass::Phone,
                if field_type == Some("Phone") {
                    "type Phone"
                } else {
                    "name contains \"phone\""
                },
            )
        });
    }
    if let Some(c) = address(object, &words, person, entity) {
        return Some(c);
    }
    if field == "Name" && PERSON_OBJECTS.contains(&object) {
        return Some(inferred(
            DataClass::Name,
            "standard Name of a person object",
        ));
    }
    if has("name") || has("~firstname") || has("~lastname") || has("~fullname") || has("kana") {
        // The word before `name` says whose: `Contact_Organization_Name__c` is an
        // organisation's, `Appointment_Contact_Name__c` a person's.
        let owner = words
            .iter()
            .position(|w| w == "name")
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| words.get(i));
        if owner.is_some_and(|w| ENTITY_WORDS.contains(&w.as_str())) {
            return None;
        }
        if person {
            return Some(inferred(
                DataClass::Name,
                "a person's name (name with a person's word)",
            ));
        }
        // A bare `Something_Name__c` with neither kind of word stays personal: unknown is not
        // safe (formats.md §1.9).
        if !entity && field != "Name" && !has("username") {
            return Some(inferred(DataClass::Name, "name ends with \"name\""));
        }
        return None;
    }
    let free = field_type.map_or(!has("numeric") && !has("number"), |t| {
        FREE_TEXT_TYPES.contains(&t)
    });
    if free && NOTE_WORDS.iter().any(|p| matches(&words, p)) && !entity {
        return Some(inferred(
            DataClass::OtherPersonal,
            "free text (notes, comments, answers): may hold personal data",
        ));
    }
    None
}

/// Address parts: street, city, state, postal code, country. `state` alone is ambiguous
/// (`Chosen_State__c` is a status): it counts only among address and person words. An
/// organisation's (Account billing/shipping) or a venue's address is not personal.
fn address(object: &str, words: &[String], person: bool, entity: bool) -> Option<Classification> {
    const PARTS: &[&str] = &[
        "street*",
        "address*",
        "city",
        "postal*",
        "zip*",
        "~postcode",
        "country",
        "province",
        "county",
        "prefecture",
        "state",
    ];
    let part = PARTS.iter().find(|p| matches(words, p))?;
    if entity || (object == "Account" && !person) {
        return None;
    }
    if *part == "state" {
        let ok = |w: &String| {
            PERSON_WORDS.contains(&w.as_str())
                || ["state", "province", "code", "global", "mailing", "other"].contains(&w.as_str())
                || w.chars().all(|c| c.is_ascii_digit())
        };
        if !words.iter().all(ok) {
            return None;
        }
    }
    Some(inferred(
        DataClass::Address,
        "an address part (street, city, state, postal code, country)",
    ))
}

/// The first entry one of whose patterns matches `words`.
fn first<'a>(entries: &'a [Entry], words: &[String]) -> Option<&'a Entry> {
    entries
        .iter()
        .find(|e| e.patterns.iter().any(|p| matches(words, p)))
}

/// Whether `pattern` (`word`, `prefix*`, `~joined`) matches `words`.
fn matches(words: &[String], pattern: &str) -> bool {
    if let Some(text) = pattern.strip_prefix('~') {
        return words.concat().contains(text);
    }
    match pattern.strip_suffix('*') {
        Some(prefix) => words.iter().any(|w| w.starts_with(prefix)),
        None => words.iter().any(|w| w == pattern),
    }
}

/// The API name without a namespace prefix and custom suffix (`ns__Home_Phone__c` →
/// `Home_Phone`).
fn api_stem(field: &str) -> &str {
    let stem = ["__c", "__pc", "__s"]
        .iter()
        .find_map(|s| field.strip_suffix(s))
        .unwrap_or(field);
    match stem.split_once("__") {
        Some((_, rest)) if !rest.is_empty() => rest,
        _ => stem,
    }
}

/// Lower-case words of a name or label: split at non-alphanumerics and at case changes
/// (`MailingPostalCode` → `mailing postal code`, `Date_of_Birth` → `date of birth`).
fn split_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in s.split(|c: char| !c.is_alphanumeric()) {
        let mut cur = String::new();
        let mut prev: Option<char> = None;
        for c in chunk.chars() {
            let boundary = prev.is_some_and(|p| {
                (p.is_lowercase() && c.is_uppercase()) || (p.is_ascii_digit() != c.is_ascii_digit())
            });
            if boundary && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.extend(c.to_lowercase());
            prev = Some(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

fn declared(def: &FieldDef) -> Option<Classification> {
    let groups = def.compliance_groups.join(";");
    let class = def.security_classification.as_deref();
    let personal_group = def.compliance_groups.iter().any(|g| {
        matches!(
            g.as_str(),
            "PII" | "GDPR" | "CCPA" | "COPPA" | "HIPAA" | "PCI"
        )
    });
    let restricted = matches!(
        class,
        Some("Confidential" | "Restricted" | "MissionCritical")
    );
    if !personal_group && !restricted {
        return None;
    }
    let reason = match (groups.is_empty(), class) {
        (false, Some(c)) => format!("complianceGroup {groups}, securityClassification {c}"),
        (false, None) => format!("complianceGroup {groups}"),
        (true, Some(c)) => format!("securityClassification {c}"),
        (true, None) => String::new(),
    };
    // The declaration says "personal"; the type or name says which kind.
    let kind = match def.field_type.as_deref() {
        Some("Phone") => DataClass::Phone,
        Some("Email") => DataClass::Email,
        _ => classify("", &def.name, None)
            .map(|c| c.class)
            .or_else(|| {
                def.compliance_groups
                    .iter()
                    .any(|g| g == "HIPAA")
                    .then_some(DataClass::Sensitive)
            })
            .or_else(|| {
                def.compliance_groups
                    .iter()
                    .any(|g| g == "PCI")
                    .then_some(DataClass::PaymentCard)
            })
            .unwrap_or(DataClass::OtherPersonal),
    };
    Some(Classification {
        class: kind,
        source: ClassSource::Declared,
        reason,
    })
}

fn inferred(class: DataClass, reason: &str) -> Classification {
    Classification {
        class,
        source: ClassSource::Inferred,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests;
