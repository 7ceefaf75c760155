# Profile-likelihood 95% intervals of the NIST StRD problems by R's nls and confint (MASS's profile method in R 4.2;
# stats' own from R 4.4), fitted from the certified values: the reference `eqnet bench nist --profile` is compared with
# (docs/data.md). Run from the repository root: Rscript bench/nist/confint.R [NAME ...]
# Needs R and MASS only (Debian: r-base-core, r-cran-mass): problems.json is read with a small regex parser.
suppressMessages(library(MASS))
args <- commandArgs(trailingOnly = TRUE)
text <- paste(readLines("bench/nist/problems.json", warn = FALSE), collapse = "\n")
problems <- if (length(args) > 0) args else c("Misra1a", "BoxBOD", "Rat42", "Rat43", "MGH09", "Thurber", "Eckerle4", "Chwirut2")
field <- function(block, key) sub(paste0('.*"', key, '": *"([^"]*)".*'), "\\1", block)
numbers <- function(block, key) as.numeric(strsplit(gsub("[[:space:]]", "", sub(paste0('.*"', key, '": *\\[([^]]*)\\].*'), "\\1", block)), ",")[[1]])
for (name in problems) {
  start <- regexpr(paste0('"name": *"', name, '"'), text)
  block <- substr(text, start, start + 20000)
  block <- substr(block, 1, regexpr('"certified_std_devs"', block))
  formula <- as.formula(paste(field(block, "response"), "~", field(block, "formula")))
  values <- numbers(block, "certified_values")
  names(values) <- paste0("b", seq_along(values))
  data <- read.csv(file.path("bench/nist", paste0(name, ".csv")))
  fit <- nls(formula, data = data, start = as.list(values), control = nls.control(maxiter = 1000, warnOnly = TRUE))
  ci <- tryCatch(confint(fit, level = 0.95), error = function(e) NULL)
  if (is.null(ci)) { cat(name, ": confint failed\n"); next }
  for (j in seq_along(values))
    cat(sprintf("%-10s b%-4d %16.9g %16.9g\n", name, j, ci[j, 1], ci[j, 2]))
}
