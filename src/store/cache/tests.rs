use super::*;
use std::time::{Duration, SystemTime};

fn desk() -> tempfile::TempDir {
    let d = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(d.path().join("claims")).unwrap();
    d
}

/// Writes a file whose time is a minute old, so the index may vouch for it.
fn write_old(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::write(&p, text).unwrap();
    let f = std::fs::File::options().write(true).open(&p).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

#[test]
fn an_unchanged_file_is_known_without_reading_it() {
    let d = desk();
    write_old(d.path(), "claims/a.yaml", "id: a\n");
    let c = Cache::open(d.path(), true);
    let first = c.read(Path::new("claims/a.yaml")).unwrap();
    assert_eq!(first.bytes.as_deref(), Some(&b"id: a\n"[..]));
    assert_eq!(first.digest, digest(b"id: a\n"));
    c.save(&["claims"]);
    let c = Cache::open(d.path(), true);
    let again = c.read(Path::new("claims/a.yaml")).unwrap();
    assert!(again.bytes.is_none(), "the index vouches for it");
    assert_eq!(again.digest, first.digest);
    c.save(&["claims"]);
    // An edit changes the time stamp (and here the size): read again.
    write_old(d.path(), "claims/a.yaml", "id: ab\n");
    let p = d.path().join("claims/a.yaml");
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(30))
        .unwrap();
    let c = Cache::open(d.path(), true);
    let edited = c.read(Path::new("claims/a.yaml")).unwrap();
    assert_eq!(edited.bytes.as_deref(), Some(&b"id: ab\n"[..]));
}

#[test]
fn a_file_written_just_now_is_hashed_again_next_time() {
    let d = desk();
    std::fs::write(d.path().join("claims/a.yaml"), "id: a\n").unwrap();
    let c = Cache::open(d.path(), true);
    c.read(Path::new("claims/a.yaml")).unwrap();
    c.save(&["claims"]);
    // Same size, same second: only the digest can tell.
    std::fs::write(d.path().join("claims/a.yaml"), "id: b\n").unwrap();
    let c = Cache::open(d.path(), true);
    let f = c.read(Path::new("claims/a.yaml")).unwrap();
    assert_eq!(f.bytes.as_deref(), Some(&b"id: b\n"[..]));
}

#[test]
fn a_link_is_refused_even_when_the_index_knew_the_file() {
    let d = desk();
    write_old(d.path(), "claims/a.yaml", "id: a\n");
    let c = Cache::open(d.path(), true);
    c.read(Path::new("claims/a.yaml")).unwrap();
    c.save(&["claims"]);
    std::fs::rename(d.path().join("claims/a.yaml"), d.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(d.path().join("elsewhere"), d.path().join("claims/a.yaml")).unwrap();
    let c = Cache::open(d.path(), true);
    let e = c.read(Path::new("claims/a.yaml")).err().unwrap();
    assert!(crate::store::is_link_error(&e), "{e}");
}

#[test]
fn a_linked_state_folder_disables_the_cache() {
    let d = desk();
    let away = tempfile::TempDir::new().unwrap();
    std::os::unix::fs::symlink(away.path(), d.path().join(".factdesk")).unwrap();
    write_old(d.path(), "claims/a.yaml", "id: a\n");
    let c = Cache::open(d.path(), true);
    assert!(!c.enabled());
    c.read(Path::new("claims/a.yaml")).unwrap();
    c.save(&["claims"]);
    assert_eq!(std::fs::read_dir(away.path()).unwrap().count(), 0);
}

#[test]
fn tables_keep_rows_by_digest_and_settings() {
    let d = desk();
    let c = Cache::open(d.path(), true);
    let t = Table::open(&c, "claims", "s1");
    t.put(digest(b"one"), "first row".into());
    t.put(digest(b"two"), "second\trow".into());
    t.put(digest(b"bad"), "a\nnewline".into());
    t.save(&c, true);
    let t = Table::open(&c, "claims", "s1");
    assert_eq!(t.get(&digest(b"one")), Some("first row"));
    assert_eq!(t.get(&digest(b"two")), Some("second\trow"));
    assert_eq!(t.get(&digest(b"bad")), None, "never a torn row");
    // A run over the whole desk keeps only the rows it used.
    t.save(&c, true);
    let t = Table::open(&c, "claims", "s1");
    assert!(t.get(&digest(b"one")).is_some());
    assert!(t.get(&digest(b"two")).is_some());
    t.save(&c, true);
    let t = Table::open(&c, "claims", "s1");
    assert!(t.get(&digest(b"one")).is_some());
    t.save(&c, true);
    let t = Table::open(&c, "claims", "s1");
    assert!(t.get(&digest(b"two")).is_none(), "unused last run");
    // Other settings: nothing.
    assert!(Table::open(&c, "claims", "s2")
        .get(&digest(b"one"))
        .is_none());
}

#[test]
fn a_damaged_cache_is_ignored() {
    let d = desk();
    write_old(d.path(), "claims/a.yaml", "id: a\n");
    std::fs::create_dir_all(d.path().join(".factdesk/cache")).unwrap();
    std::fs::write(d.path().join(".factdesk/cache/index"), "garbage\n\u{0}\n").unwrap();
    std::fs::write(d.path().join(".factdesk/cache/claims"), [0xff, 0xfe]).unwrap();
    let c = Cache::open(d.path(), true);
    assert!(c.read(Path::new("claims/a.yaml")).unwrap().bytes.is_some());
    assert!(Table::open(&c, "claims", "").get(&digest(b"x")).is_none());
}

#[test]
fn digests_of_lists_do_not_collide_by_concatenation() {
    assert_ne!(digest_of([&b"ab"[..], b"c"]), digest_of([&b"a"[..], b"bc"]));
}

#[test]
fn appended_rows_are_found_and_a_duplicate_is_written_once() {
    let d = desk();
    let c = Cache::open(d.path(), true);
    let a = Appender::open(&c, "t", "");
    a.put(&digest(b"a"), "{\"a\":1}");
    a.put(&digest(b"b"), "{\"b\":2}");
    a.finish();
    let t = Table::open(&c, "t", "");
    assert_eq!(t.get(&digest(b"a")), Some("{\"a\":1}"));
    // Appended to the existing file, not rewritten.
    let a = Appender::open(&c, "t", "");
    a.put(&digest(b"a"), "{\"a\":1}");
    a.put(&digest(b"c"), "{\"c\":3}");
    a.finish();
    let path = d.path().join(".factdesk/cache/t");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3 + 4, "{text}");
    let t = Table::open(&c, "t", "");
    assert_eq!(t.get(&digest(b"b")), Some("{\"b\":2}"));
    assert_eq!(t.get(&digest(b"c")), Some("{\"c\":3}"));
    t.save(&c, false);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3 + 3, "the duplicate is gone: {text}");
}

#[test]
fn an_appender_rewrites_a_table_of_other_settings_or_a_cut_one() {
    let d = desk();
    let c = Cache::open(d.path(), true);
    let t = Table::open(&c, "t", "old");
    t.put(digest(b"x"), "{}".into());
    t.save(&c, false);
    let a = Appender::open(&c, "t", "");
    a.put(&digest(b"a"), "{\"a\":1}");
    a.finish();
    let t = Table::open(&c, "t", "");
    assert_eq!(t.get(&digest(b"a")), Some("{\"a\":1}"));
    assert_eq!(
        t.get(&digest(b"x")),
        None,
        "rows of other settings are not kept"
    );
    // A file cut in the middle of a row is written afresh.
    let path = d.path().join(".factdesk/cache/t");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.len() - 3]).unwrap();
    let a = Appender::open(&c, "t", "");
    a.put(&digest(b"b"), "{\"b\":2}");
    a.finish();
    let t = Table::open(&c, "t", "");
    assert_eq!(t.get(&digest(b"b")), Some("{\"b\":2}"));
    assert_eq!(t.get(&digest(b"a")), None);
}

#[test]
fn a_disabled_cache_appends_nothing() {
    let d = desk();
    let c = Cache::open(d.path(), false);
    let a = Appender::open(&c, "t", "");
    a.put(&digest(b"a"), "{}");
    a.finish();
    assert!(!d.path().join(".factdesk/cache/t").exists());
}

#[test]
fn a_table_left_on_disk_gives_the_rows_a_whole_read_gives() {
    let d = desk();
    let c = Cache::open(d.path(), true);
    let t = Table::open(&c, "claims", "s1");
    t.put(digest(b"one"), "first row".into());
    t.put(digest(b"two"), "second\trow, ünïcode".into());
    t.save(&c, true);
    let t = Table::open_on_disk(&c, "claims", "s1");
    assert_eq!(t.row(&digest(b"one")).as_deref(), Some("first row"));
    assert_eq!(
        t.row(&digest(b"two")).as_deref(),
        Some("second\trow, ünïcode")
    );
    assert!(t.row(&digest(b"three")).is_none());
    // Saved whole with one row unused and one new: the used row is read
    // back from the file into the new table.
    let t = Table::open_on_disk(&c, "claims", "s1");
    assert!(t.row(&digest(b"one")).is_some());
    t.put(digest(b"three"), "third".into());
    t.save(&c, true);
    let t = Table::open(&c, "claims", "s1");
    assert_eq!(t.get(&digest(b"one")), Some("first row"));
    assert_eq!(t.get(&digest(b"three")), Some("third"));
    assert!(t.get(&digest(b"two")).is_none(), "unused last run");
    // Other settings, another build or a damaged file: nothing.
    assert!(Table::open_on_disk(&c, "claims", "s2")
        .row(&digest(b"one"))
        .is_none());
    std::fs::write(d.path().join(".factdesk/cache/claims"), [0xff, 0xfe]).unwrap();
    assert!(Table::open_on_disk(&c, "claims", "s1")
        .row(&digest(b"one"))
        .is_none());
}

/// Asks `t` (opened either way) for the rows `big_table` made for 0..`n`,
/// each of which must be found (so a whole save keeps them).
fn use_rows(t: &Table, n: usize) {
    for i in 0..n {
        assert!(
            t.row(&digest(format!("{i}").as_bytes())).is_some(),
            "row {i}"
        );
    }
}

/// A table of `n` rows of about 1 KB each, `tag` in every row.
fn big_table(c: &Cache, n: usize, tag: &str) {
    let t = Table::open(c, "big", "s");
    for i in 0..n {
        t.put(
            digest(format!("{i}").as_bytes()),
            format!("{tag} {i} {}", "x".repeat(1000)),
        );
    }
    t.save(c, true);
}

#[test]
fn a_big_table_has_new_rows_appended_and_is_rewritten_once_half_is_waste() {
    let d = desk();
    let c = Cache::open(d.path(), true);
    let path = d.path().join(".factdesk/cache/big");
    big_table(&c, 2000, "old");
    let before = std::fs::read(&path).unwrap();
    assert!(before.len() > APPEND_FROM, "{}", before.len());
    // One row replaced (an edited record) and one new: the file keeps its
    // bytes and grows by two lines.
    let t = Table::open_on_disk(&c, "big", "s");
    use_rows(&t, 2000);
    t.put(digest(b"7"), "edited 7".into());
    t.put(digest(b"new"), "a new row".into());
    t.save(&c, true);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "appended, not rewritten"
    );
    let added = String::from_utf8_lossy(&after[before.len()..]).to_string();
    assert_eq!(added.lines().count(), 2, "{added}");
    let t = Table::open(&c, "big", "s");
    assert_eq!(t.get(&digest(b"7")), Some("edited 7"), "the later row wins");
    assert_eq!(t.get(&digest(b"new")), Some("a new row"));
    assert!(t.get(&digest(b"8")).unwrap().starts_with("old 8 "));
    // A whole run that uses only a third of the rows: what the file would
    // hold is mostly waste, so it is written afresh with the rows kept.
    let t = Table::open(&c, "big", "s");
    use_rows(&t, 700);
    t.put(digest(b"fresh"), "fresh".into());
    t.save(&c, true);
    let compacted = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        compacted.lines().count(),
        3 + 701,
        "rewritten with the rows kept"
    );
    let t = Table::open(&c, "big", "s");
    assert!(t.get(&digest(b"699")).is_some());
    assert!(t.get(&digest(b"700")).is_none(), "unused by the whole run");
    assert_eq!(t.get(&digest(b"7")), Some("edited 7"));
}

#[test]
fn a_row_cut_short_is_not_read_and_the_next_save_rewrites_the_table() {
    let d = desk();
    let c = Cache::open(d.path(), true);
    let path = d.path().join(".factdesk/cache/big");
    big_table(&c, 1500, "old");
    // A run stopped half-way through appending a row: the last line has
    // no newline.
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("{}\tcut {{\"a\":", hex(&digest(b"cut"))));
    std::fs::write(&path, &text).unwrap();
    let t = Table::open(&c, "big", "s");
    assert_eq!(t.get(&digest(b"cut")), None, "a cut row is not a row");
    let t = Table::open_on_disk(&c, "big", "s");
    assert!(t.row(&digest(b"cut")).is_none());
    assert!(t.row(&digest(b"3")).is_some());
    t.put(digest(b"new"), "new".into());
    t.save(&c, false);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.ends_with("\n") && !saved.contains("cut {"),
        "rewritten whole"
    );
    let t = Table::open(&c, "big", "s");
    assert_eq!(t.get(&digest(b"new")), Some("new"));
    assert!(t.get(&digest(b"1499")).is_some(), "older rows kept");
}

#[test]
fn an_unchanged_table_is_not_written() {
    let d = desk();
    let c = Cache::open(d.path(), true);
    let path = d.path().join(".factdesk/cache/big");
    big_table(&c, 1200, "old");
    let when = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let t = Table::open_on_disk(&c, "big", "s");
    use_rows(&t, 1200);
    t.save(&c, true);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), when);
    // No table at all and nothing to keep: no file is made.
    Table::open(&c, "none", "").save(&c, true);
    assert!(!d.path().join(".factdesk/cache/none").exists());
}

#[test]
fn a_digest_comes_back_from_its_hex_and_nothing_else_does() {
    let d = digest(b"any bytes");
    let h = hex(&d);
    assert_eq!(h.len(), 64);
    assert_eq!(unhex(&h), Some(d));
    let all: Digest = std::array::from_fn(|i| (i * 37 + 5) as u8);
    assert_eq!(unhex(&hex(&all)), Some(all));
    assert_eq!(unhex(&hex(&[0xff; 32])), Some([0xff; 32]));
    assert_eq!(unhex(&h.to_uppercase()), None, "hex writes lower case only");
    assert_eq!(unhex(&h[..63]), None);
    assert_eq!(unhex(&format!("{h}0")), None);
    for bad in ['g', ' ', '/', ':', '`', 'G', '\0'] {
        let mut b = h.clone();
        b.replace_range(10..11, &bad.to_string());
        assert_eq!(unhex(&b), None, "{bad:?}");
    }
    assert_eq!(unhex(&"é".repeat(32)), None);
}

/// Reads every file of `claims/` through a new cache and saves its index.
fn read_all(root: &Path) -> Vec<bool> {
    let c = Cache::open(root, true);
    let mut names: Vec<_> = std::fs::read_dir(root.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let vouched = names
        .iter()
        .map(|n| {
            let f = c.read(&Path::new("claims").join(n)).unwrap();
            f.bytes.is_none()
        })
        .collect();
    c.save(&["claims"]);
    vouched
}

/// A desk of `n` claims (`claims/c000.yaml`, …) written long enough ago
/// to be vouched for, read once so that the index knows them all.
fn indexed_desk(n: usize) -> tempfile::TempDir {
    let d = desk();
    for i in 0..n {
        write_old(
            d.path(),
            &format!("claims/c{i:03}.yaml"),
            &format!("id: c{i}\n"),
        );
    }
    read_all(d.path());
    d
}

#[test]
fn the_index_appends_what_changed_and_forgets_a_file_gone() {
    let d = indexed_desk(200);
    let path = d.path().join(".factdesk/cache/index");
    let whole = std::fs::read_to_string(&path).unwrap();
    assert_eq!(whole.lines().count(), 201);
    assert!(read_all(d.path()).iter().all(|v| *v), "all vouched for");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        whole,
        "nothing changed, nothing written"
    );
    // One file edited, one removed: two lines appended.
    write_old(d.path(), "claims/c005.yaml", "id: c5, edited\n");
    std::fs::remove_file(d.path().join("claims/c009.yaml")).unwrap();
    let vouched = read_all(d.path());
    assert_eq!(
        vouched.iter().filter(|v| !**v).count(),
        1,
        "only the edit read"
    );
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.starts_with(&whole), "appended, not rewritten");
    let added: Vec<&str> = now[whole.len()..].lines().collect();
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added.contains(&"-\tclaims/c009.yaml"), "{added:?}");
    // The next run knows the edit, and a file put back where one was
    // forgotten is read again.
    assert!(read_all(d.path()).iter().all(|v| *v));
    write_old(d.path(), "claims/c009.yaml", "id: c9\n");
    let vouched = read_all(d.path());
    assert!(!vouched[9], "a file back where one was forgotten is read");
    assert!(read_all(d.path()).iter().all(|v| *v));
}

#[test]
fn the_index_is_written_afresh_once_half_is_waste_or_its_end_is_cut() {
    let d = indexed_desk(20);
    let path = d.path().join(".factdesk/cache/index");
    let lines = || std::fs::read_to_string(&path).unwrap().lines().count();
    // Every file edited, round after round: the file never grows past
    // twice the live entries (and a small margin).
    for round in 0..12 {
        for i in 0..20 {
            write_old(
                d.path(),
                &format!("claims/c{i:03}.yaml"),
                &format!("id: c{i} r{round}\n"),
            );
        }
        read_all(d.path());
        assert!(
            lines() <= 1 + 2 * 20 + 64,
            "round {round}: {} lines",
            lines()
        );
    }
    assert!(read_all(d.path()).iter().all(|v| *v));
    // A run stopped while appending leaves a cut line: written afresh,
    // never appended to.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.len() - 5]).unwrap();
    write_old(d.path(), "claims/c003.yaml", "id: c3 again\n");
    read_all(d.path());
    let fresh = std::fs::read_to_string(&path).unwrap();
    assert_eq!(fresh.lines().count(), 21, "{fresh}");
    assert!(fresh.ends_with('\n'));
    assert!(read_all(d.path()).iter().all(|v| *v));
}

#[test]
fn a_surveyed_cache_vouches_by_the_survey_and_looks_anew_at_what_it_did_not_see() {
    let d = desk();
    write_old(d.path(), "claims/a.yaml", "id: a\n");
    write_old(d.path(), "claims/b.yaml", "id: b\n");
    let c = Cache::open(d.path(), true);
    for f in ["claims/a.yaml", "claims/b.yaml"] {
        c.read(Path::new(f)).unwrap();
    }
    c.save(&["claims"]);
    // (Just written, the files give the desk no stamp: their change
    // times are too recent. The survey still holds their metadata.)
    let survey = std::sync::Arc::new(super::super::stamp::desk_survey(d.path()));
    // After the survey, `a` is edited and `b` replaced by a link; a file
    // `c` appears that the survey never saw.
    write_old(d.path(), "claims/a.yaml", "id: aa\n");
    std::fs::remove_file(d.path().join("claims/b.yaml")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", d.path().join("claims/b.yaml")).unwrap();
    write_old(d.path(), "claims/c.yaml", "id: c\n");
    let surveyed = Cache::open(d.path(), true).surveyed(Some(survey.clone()));
    // The run describes the desk as surveyed: `a` by its digest then,
    // without a second stat (nor a read).
    assert_eq!(
        surveyed.vouched(Path::new("claims/a.yaml")),
        Some(digest(b"id: a\n"))
    );
    assert_eq!(surveyed.vouched(Path::new("claims/c.yaml")), None);
    // Unsurveyed, the stat of now decides.
    let now = Cache::open(d.path(), true);
    assert_eq!(now.vouched(Path::new("claims/a.yaml")), None);
    assert_eq!(now.vouched(Path::new("claims/b.yaml")), None);
    // The next run's survey sees the edit and the link.
    let next = super::super::stamp::desk_survey(d.path());
    let again = Cache::open(d.path(), true).surveyed(Some(std::sync::Arc::new(next)));
    assert_eq!(again.vouched(Path::new("claims/a.yaml")), None);
    assert_eq!(again.vouched(Path::new("claims/b.yaml")), None);
    // Outside the surveyed folders, a file is looked at anew.
    assert_eq!(again.vouched(Path::new("elsewhere/a.yaml")), None);
}
