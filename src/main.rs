fn main() -> std::process::ExitCode {
    safeguard::cli::main()
}
