//! The export of a guest exposure read as streams (issue #19): `User`, `Profile` and
//! `RecordType` are held whole; every other exposed object is indexed once (its header, its
//! rows' problems, the repeats to drop) and its rows are then read again from the files for each
//! walk of the analysis ([`ajar_analyze::impact::stream`]), so memory holds one row at a time
//! of them, not the export.

use super::columns::WHOLE;
use ajar_adapters::export::{
    self, ColumnPlans, Export, ExportEncoding, ExportError, ObjectFiles, ObjectIndex,
};
use ajar_analyze::impact::stream::{FirstWalk, SecondWalk};
use ajar_analyze::impact::window::EarliestCreated;
use ajar_model::export::{Row, RowProblem, Table};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// The export of the exposed objects, ready to be walked.
pub(super) struct StreamedExport {
    /// The tables held whole.
    pub(super) whole: Export,
    /// Every other exposed object's files and index, by object.
    objects: BTreeMap<String, (ObjectFiles, ObjectIndex)>,
    plans: ColumnPlans,
    encoding: ExportEncoding,
}

/// Whether `object` is one of `names`, any case.
fn among<'a>(names: impl IntoIterator<Item = &'a String>, object: &str) -> bool {
    names.into_iter().any(|n| n.eq_ignore_ascii_case(object))
}

impl StreamedExport {
    /// Reads the tables held whole and indexes the other `exposed` objects of the export at
    /// `paths`, holding the columns `plans` name.
    pub(super) fn read(
        paths: &[PathBuf],
        exposed: &BTreeSet<String>,
        plans: ColumnPlans,
        encoding: ExportEncoding,
    ) -> Result<Self, ExportError> {
        let whole_names: BTreeSet<String> = WHOLE.iter().map(|o| (*o).to_owned()).collect();
        let whole = export::load_with(paths, Some(&whole_names), &ColumnPlans::new(), encoding)?;
        let mut objects = BTreeMap::new();
        for (object, files) in export::locate(paths, Some(exposed))? {
            if among(&whole_names, &object) {
                continue;
            }
            let index = export::index(&files, export::plan_of(&plans, &object), encoding)?;
            objects.insert(object, (files, index));
        }
        Ok(Self {
            whole,
            objects,
            plans,
            encoding,
        })
    }

    /// An object's table by API name, any case: a held one, or an indexed one's header (its
    /// columns, files and problems, no rows).
    pub(super) fn header(&self, object: &str) -> Option<&Table> {
        let streamed = |o: &str| self.objects.get(o).map(|(_, i)| &i.header);
        self.whole
            .tables
            .get(object)
            .or_else(|| streamed(object))
            .or_else(|| self.whole.table(object))
            .or_else(|| {
                self.objects
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(object))
                    .map(|(_, (_, i))| &i.header)
            })
    }

    /// How many rows, held and indexed.
    pub(super) fn rows(&self) -> usize {
        let held: usize = self.whole.tables.values().map(|t| t.rows.len()).sum();
        held + self.objects.values().map(|(_, i)| i.rows).sum::<usize>()
    }

    /// The custom objects' key prefixes, from each table's first row.
    pub(super) fn key_prefixes(&self) -> BTreeMap<String, String> {
        let mut first: BTreeMap<&str, Option<ajar_model::sfid::SfId>> = BTreeMap::new();
        for (o, t) in &self.whole.tables {
            first.insert(o, t.rows.first().map(|r| r.id));
        }
        for (o, (_, i)) in &self.objects {
            first.insert(o, i.first);
        }
        super::logs::key_prefixes(first)
    }

    /// An object's files and problems.
    fn facts(&self, object: &str) -> Option<(&[String], &[RowProblem])> {
        let t = match self.objects.get(object) {
            Some((_, i)) => &i.header,
            None => self.whole.tables.get(object)?,
        };
        Some((&t.files, &t.problems))
    }

    /// Gives each row of `object` to `each`, from memory or from its files.
    fn each_row(
        &self,
        object: &str,
        mut each: impl FnMut(&Table, &Row),
    ) -> Result<(), ExportError> {
        if let Some((files, index)) = self.objects.get(object) {
            let plan = export::plan_of(&self.plans, object);
            return export::for_each_row(files, index, plan, self.encoding, each);
        }
        if let Some(t) = self.whole.tables.get(object) {
            for r in &t.rows {
                each(t, r);
            }
        }
        Ok(())
    }

    /// The first walk over every object, and the first `CreatedDate` of the `exposed` ones
    /// into `earliest`.
    pub(super) fn first_walk(
        &self,
        walk: &mut FirstWalk<'_>,
        exposed: &BTreeSet<String>,
        earliest: &mut EarliestCreated,
    ) -> Result<(), ExportError> {
        let fed = walk.objects();
        for object in &fed {
            let Some((files, problems)) = self.facts(object) else {
                continue;
            };
            let mut owned = false;
            if walk.needs_survey(object, problems) {
                self.each_row(object, |t, r| owned |= walk.guest_owned(object, t, r))?;
            }
            walk.begin(object, problems, owned);
            let dated = among(exposed, object);
            self.each_row(object, |t, r| {
                if dated {
                    earliest.row(t, r);
                }
                walk.row(t, r);
            })?;
            walk.end(files, problems);
        }
        let others = self
            .whole
            .tables
            .keys()
            .chain(self.objects.keys())
            .filter(|o| !fed.contains(o));
        for object in others {
            let dated = among(exposed, object);
            // A streamed object is read again only when its rows can tell something.
            if self.objects.contains_key(object) && !dated && !walk.wants_other_rows() {
                continue;
            }
            self.each_row(object, |t, r| {
                if dated {
                    earliest.row(t, r);
                }
                walk.other_row(t, r);
            })?;
        }
        Ok(())
    }

    /// The second walk over the objects with exposed records.
    pub(super) fn second_walk(&self, walk: &mut SecondWalk<'_>) -> Result<(), ExportError> {
        for object in walk.objects() {
            walk.begin(&object);
            self.each_row(&object, |t, r| walk.row(t, r))?;
        }
        Ok(())
    }
}
