//! `metadata/`: the org as an sfdx source tree (formats.md §1.1: `sfdx-project.json`,
//! `force-app/main/default/<type>/…-meta.xml`, namespace `http://soap.sforce.com/2006/04/metadata`,
//! 4-space indentation as `sf project retrieve` writes it). The same builder renders every
//! commit of `history/`, so a state is a set of switches.

mod code;
mod xml;

use crate::plan::Plan;
use crate::{Stats, SynthError};
use std::path::Path;

/// Which parts of the org exist at one point of its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct State {
    /// The `Birthdate__c` field.
    pub(crate) birthdate: bool,
    /// The site, its guest profile, the form page and its controller.
    pub(crate) site: bool,
    /// The exposure: Read (and Create) on the applications for the guest profile, its field
    /// permissions, and the status page and class access. With Read, every visitor reads every
    /// record the site's guest user owns: before the default owner, every application filed
    /// through the form (formats.md §1.10).
    pub(crate) open: bool,
    /// The status page and its controller exist (they stay after the fix, without guest access).
    pub(crate) status: bool,
    /// The `Email__c` field.
    pub(crate) email: bool,
    /// The reminder batch class.
    pub(crate) batch: bool,
    /// Apex and Visualforce `apiVersion`.
    pub(crate) api: &'static str,
    /// Whether `Sharing.settings` has `enableSecureGuestAccess` (the setting came with Winter
    /// '20: a tree from before it cannot hold it).
    pub(crate) secure_guest_setting: bool,
}

impl State {
    /// The org as it stood while the exposure was open (the last commit before the fix).
    pub(crate) fn open(plan: &Plan) -> Self {
        crate::history::commits(plan)
            .into_iter()
            .rev()
            .map(|c| c.state)
            .find(|s| s.open)
            .unwrap_or(Self {
                birthdate: true,
                site: true,
                open: true,
                status: true,
                email: true,
                batch: true,
                api: "47.0",
                secure_guest_setting: true,
            })
    }
}

/// Every file of the tree: path relative to the project root, and its bytes.
pub(crate) fn files(state: &State) -> Vec<(String, String)> {
    let base = "force-app/main/default";
    let mut out = vec![(String::from("sfdx-project.json"), xml::project())];
    out.push((
        format!(
            "{base}/objects/{0}/{0}.object-meta.xml",
            crate::plan::OBJECT
        ),
        xml::object(),
    ));
    for (name, body) in xml::fields(state) {
        out.push((
            format!(
                "{base}/objects/{}/fields/{name}.field-meta.xml",
                crate::plan::OBJECT
            ),
            body,
        ));
    }
    out.push((
        format!(
            "{base}/sharingRules/{}.sharingRules-meta.xml",
            crate::plan::OBJECT
        ),
        xml::sharing_rules(),
    ));
    out.push((
        format!("{base}/settings/Sharing.settings-meta.xml"),
        xml::sharing_settings(state),
    ));
    out.push((
        format!(
            "{base}/profiles/{}.profile-meta.xml",
            crate::plan::INTERNAL_PROFILE
        ),
        xml::internal_profile(state),
    ));
    if state.site {
        out.push((
            format!("{base}/sites/{}.site-meta.xml", crate::plan::SITE),
            xml::site(),
        ));
        out.push((
            format!(
                "{base}/profiles/{}.profile-meta.xml",
                crate::plan::GUEST_PROFILE
            ),
            xml::guest_profile(state),
        ));
    }
    for (name, body) in code::classes(state) {
        out.push((format!("{base}/classes/{name}.cls"), body));
        out.push((
            format!("{base}/classes/{name}.cls-meta.xml"),
            code::class_meta(state),
        ));
    }
    for (name, body) in code::pages(state) {
        out.push((format!("{base}/pages/{name}.page"), body));
        out.push((
            format!("{base}/pages/{name}.page-meta.xml"),
            code::page_meta(state, name),
        ));
    }
    out.sort();
    out
}

pub(crate) fn write_tree(
    _plan: &Plan,
    state: &State,
    dir: &Path,
    stats: &mut Stats,
) -> Result<(), SynthError> {
    for (rel, body) in files(state) {
        stats.write(&dir.join(rel), body.as_bytes())?;
    }
    Ok(())
}
