//! Bad input: exit code 2, one clear line naming the file, nothing written.

use crate::harness::{Project, expect};

#[test]
fn translate_missing_file() {
    let p = Project::empty();
    let out = p.run(&["translate", "nope.txt"]);
    assert_eq!(
        out,
        expect(2, "", "error: nope.txt: cannot read: No such file or directory (os error 2)\n")
    );
    assert!(!p.join("translations").exists());
}

#[test]
fn translate_binary_file() {
    let p = Project::empty();
    p.write("bin.txt", b"abc\0def");
    let out = p.run(&["translate", "bin.txt"]);
    assert_eq!(
        out,
        expect(2, "", "error: bin.txt:1:4: a NUL byte: this looks like a binary file, not text\n")
    );
}

#[test]
fn translate_unknown_backend() {
    let p = Project::empty();
    let output = p.cmd(&["translate", "a.txt", "--backend", "babel"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid value 'babel' for '--backend"));
}
