//! A small HTTP/1.1 load generator for loopback benchmarks: logs in, then keeps a fixed
//! number of keep-alive connections busy on each path for a duration and prints
//! requests per second and latency percentiles as a Markdown table row.
//!
//! Usage: bench_load ADDRESS USERNAME PASSWORD SECONDS CONCURRENCY PATH...
//! (for example `127.0.0.1:8123 chuyenvien caunoi-demo 20 64 /healthz /p/79/dashboard`).
//! It speaks just enough HTTP/1.1 for this server: `Content-Length` or chunked bodies,
//! no TLS, no redirects. Every response must have status 200; others count as errors.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 6 {
        eprintln!("usage: bench_load ADDRESS USERNAME PASSWORD SECONDS CONCURRENCY PATH...");
        std::process::exit(2);
    }
    let address = args[0].clone();
    let seconds: u64 = args[3].parse().map_err(|_| format!("invalid SECONDS: {}", args[3]))?;
    let concurrency: usize = args[4].parse().map_err(|_| format!("invalid CONCURRENCY: {}", args[4]))?;
    let cookie = login(&address, &args[1], &args[2]).await?;

    println!("| Path | Concurrency | Seconds | Requests | Errors | Requests/s | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for path in &args[5..] {
        run(&address, &cookie, path, Duration::from_secs(seconds), concurrency).await?;
    }
    Ok(())
}

/// Posts the login form and returns the session cookie (`name=value`).
async fn login(address: &str, username: &str, password: &str) -> Result<String, Box<dyn std::error::Error>> {
    let body = format!("username={}&password={}&next=%2F", encode(username), encode(password));
    let request = format!(
        "POST /login HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\nSec-Fetch-Site: same-origin\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = BufReader::new(TcpStream::connect(address).await?);
    stream.get_mut().write_all(request.as_bytes()).await?;
    let response = read_response(&mut stream).await?;
    if response.status != 303 {
        return Err(format!("login of {username} failed with status {}", response.status).into());
    }
    response.cookie.ok_or_else(|| "login set no session cookie".into())
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

struct Response {
    status: u16,
    cookie: Option<String>,
}

/// Reads one response: status line, headers, and a `Content-Length` or chunked body.
async fn read_response(stream: &mut BufReader<TcpStream>) -> std::io::Result<Response> {
    use tokio::io::AsyncBufReadExt;
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
    let mut line = String::new();
    if stream.read_line(&mut line).await? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
    }
    let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| invalid("status line"))?;
    let mut length: Option<usize> = None;
    let mut chunked = false;
    let mut cookie = None;
    loop {
        line.clear();
        stream.read_line(&mut line).await?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else { continue };
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().ok(),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "set-cookie" if value.starts_with("caunoi_session=") => {
                cookie = value.split(';').next().map(str::to_owned);
            }
            _ => {}
        }
    }
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line).await?;
            let size = usize::from_str_radix(line.trim(), 16).map_err(|_| invalid("chunk size"))?;
            let mut chunk = vec![0; size + 2];
            stream.read_exact(&mut chunk).await?;
            if size == 0 {
                break;
            }
        }
    } else if let Some(length) = length {
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await?;
    }
    Ok(Response { status, cookie })
}

/// Runs `concurrency` connections on one path for `duration` and prints the results.
async fn run(
    address: &str,
    cookie: &str,
    path: &str,
    duration: Duration,
    concurrency: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\n\r\n");
    let started = Instant::now();
    let until = started + duration;
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let request = request.clone();
        let address = address.to_owned();
        workers.push(tokio::spawn(async move {
            let mut latencies: Vec<u32> = Vec::new();
            let mut errors = 0u64;
            while Instant::now() < until {
                let Ok(stream) = TcpStream::connect(&address).await else {
                    errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let mut stream = BufReader::new(stream);
                while Instant::now() < until {
                    let sent = Instant::now();
                    if stream.get_mut().write_all(request.as_bytes()).await.is_err() {
                        errors += 1;
                        break;
                    }
                    match read_response(&mut stream).await {
                        Ok(response) if response.status == 200 => latencies.push(sent.elapsed().as_micros() as u32),
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            break;
                        }
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (mut part, failed) = worker.await?;
        latencies.append(&mut part);
        errors += failed;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let percentile = |p: f64| -> f64 {
        if latencies.is_empty() {
            return f64::NAN;
        }
        let index = ((p * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[index] as f64 / 1000.0
    };
    println!(
        "| `{path}` | {concurrency} | {:.0} | {} | {errors} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} |",
        elapsed,
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(0.50),
        percentile(0.95),
        percentile(0.99),
        percentile(1.0),
    );
    Ok(())
}
