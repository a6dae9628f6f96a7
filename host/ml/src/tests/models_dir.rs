use crate::{E5, ModelError, ModelsDir};

#[test]
fn a_missing_directory_says_the_models_are_not_installed_and_how_to_get_them() {
    let err = ModelsDir::open("/nonexistent/panel-models").unwrap_err();
    assert!(matches!(err, ModelError::NotInstalled { .. }));
    let text = err.to_string();
    assert!(
        text.contains("not installed") && text.contains("cargo xtask models") && text.contains("PANEL_MODELS"),
        "{text}"
    );
}

#[test]
fn a_damaged_directory_names_the_file() {
    let src = super::models_dir();
    let dir = std::env::temp_dir().join(format!("panel-ml-damaged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("e5-small")).expect("temp dir");
    std::fs::copy(src.join("manifest.json"), dir.join("manifest.json")).expect("the models are built");
    let err = ModelsDir::open(&dir).unwrap_err();
    assert!(matches!(err, ModelError::Damaged { .. }) && err.to_string().contains("is missing"), "{err}");

    // Every file present (linked), one of them altered: the checksum
    // catches it.
    let altered = "e5-small/tokenizer.json";
    for f in ModelsDir::open(&src).expect("models").manifest.files {
        let to = dir.join(&f.path);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("dir");
        if f.path == altered {
            let mut bytes = std::fs::read(src.join(&f.path)).expect("read");
            bytes[10] ^= 1;
            std::fs::write(&to, bytes).expect("write");
        } else {
            std::os::unix::fs::symlink(src.join(&f.path).canonicalize().expect("path"), &to).expect("link");
        }
    }
    let err = E5::load(&ModelsDir::open(&dir).expect("sizes match"), 1).unwrap_err();
    assert!(err.to_string().contains("e5-small/tokenizer.json does not match its checksum"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
