using System.Globalization;
using SecurityReset.Ports;

namespace SecurityReset.Tests.Reliability;

/// <summary>
/// Enumeration, measured: real accounts of every shape and unknown identifiers go through the same signed-out calls up
/// to the first proven factor, and the best single-field and pairwise classifier fitted on their answers must not tell
/// them apart better than chance.
/// </summary>
public sealed class DistinguisherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Domains =
    [
        "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "gmx.de", "example.com", "example.org", "acme-corp.io",
        "mail.ru", "web.de", "orange.fr", "btinternet.co.uk", "zoho.com", "fastmail.fm", "qq.com", "naver.com", "uni-heidelberg.de",
    ];

    private static readonly SecurityItems[] Selections =
    [
        SecurityItems.Email, SecurityItems.Phone, SecurityItems.Authenticator, SecurityItems.Email | SecurityItems.Phone,
        SecurityItems.Email | SecurityItems.Authenticator, SecurityItems.Phone | SecurityItems.Authenticator, SecurityItems.All,
    ];

    /// <summary>
    /// 10,000 samples, half real and half unknown, each answer classified by a lookup table fitted on the other half
    /// (two-fold cross-validation: every sample is predicted once, by a table that never saw it). Against answers that
    /// carry no signal each prediction is a fair coin, so the accuracy over 10,000 predictions is binomial with a
    /// standard deviation of 0.005; the best of a few thousand tables (every field and every pair of fields) stays
    /// within about 4 standard deviations (0.02). The bound, chance + 0.03 (6 standard deviations), leaves room for
    /// that search and still fails for any field that tells one account in sixteen from an unknown identifier.
    /// </summary>
    [Fact]
    public async Task Signed_out_answers_before_a_proven_factor_do_not_tell_a_real_account_from_an_unknown_identifier()
    {
        Assert.SkipWhen(Settings.MutationRun, "A mutation run leaves the 25-second distinguisher out.");
        var samples = Settings.Int("SECURITYRESET_DISTINGUISHER_SAMPLES", 10_000);
        const double Margin = 0.03;
        var calls = new List<string>();
        var w = new World(wrap: new PortWrappers(Directory: inner => new RecordingDirectory(inner, calls)));
        var random = new Random(20261127);
        var rows = new List<(bool Real, Dictionary<string, string> Features)>(samples);
        for (var i = 0; i < samples; i++)
        {
            var real = i % 2 == 0;
            var byEmail = random.Next(2) == 0;
            var identifier = byEmail ? $"user{i}.{random.Next(1000)}@{Domains[random.Next(Domains.Length)]}" : $"+{random.Next(1, 9)}{random.Next(100_000_000, 999_999_999)}{i % 10}";
            // Half of each side has an open case before: for a real account, one that proved nothing or the owner's own.
            var prior = random.Next(2) == 0 ? 0 : real && random.Next(2) == 0 ? 2 : 1;
            if (real)
            {
                var id = $"U-D{i}";
                var email = byEmail ? identifier : (random.Next(2) == 0 ? $"other{i}@{Domains[random.Next(Domains.Length)]}" : null);
                var phone = byEmail ? (random.Next(2) == 0 ? $"+{random.Next(1, 9)}{random.Next(100_000_000, 999_999_999)}{i % 10}" : null) : identifier;
                var kyc = (KycLevel)random.Next(3);
                w.Directory.Add(
                    new AccountRecord(id, email, phone, AuthenticatorBound: random.Next(2) == 0, kyc, kyc == KycLevel.None ? null : new KycDocumentRecord(DocumentType.Passport, "DE", $"P{i:D8}")),
                    Accounts.AliceSecret);
                if (prior == 2)
                {
                    await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedIn(id, Channel.App), cancellationToken: Ct);
                }
            }

            if (prior == 1)
            {
                await w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(identifier, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct);
            }

            var features = new Dictionary<string, string>(StringComparer.Ordinal);
            var selection = Selections[random.Next(Selections.Length)];
            var target = random.Next(2) == 0 ? VerificationTarget.BoundEmail : VerificationTarget.BoundPhone;
            features["in.select"] = selection.ToString();
            features["in.target"] = target.ToString();
            features["in.by"] = byEmail ? "email" : "phone";

            async Task<ResetResult<ApplicantCaseView>> Step(string name, Func<Task<ResetResult<ApplicantCaseView>>> call)
            {
                calls.Clear();
                var result = await call();
                Describe(features, name, result, w.Clock.GetUtcNow());
                features[name + ".ports"] = string.Join(",", calls);
                return result;
            }

            var opened = await Step("open", () => w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(identifier, Channel.Web, EntryPoint.ForgotPassword), cancellationToken: Ct));
            if (opened.View is { } view)
            {
                var caseId = view.Id;
                await Step("read", () => w.Service.GetCaseAsync(caseId, Ct));
                await Step("select", () => w.Service.SelectItemsAsync(caseId, selection, cancellationToken: Ct));
                await Step("request", () => w.Service.RequestCodeAsync(caseId, target, cancellationToken: Ct));
                await Step("wrong", () => w.Service.VerifyCodeAsync(caseId, target, w.Codes.Unissued(), cancellationToken: Ct));
                await Step("totp", () => w.Service.VerifyAuthenticatorAsync(caseId, "000000", cancellationToken: Ct));
                await Step("again", () => w.Service.OpenTrackedAsync(OpenCaseRequest.SignedOut(identifier, Channel.App, EntryPoint.ForgotPassword), cancellationToken: Ct));
                await Step("first", () => w.Service.GetCaseAsync(caseId, Ct));
            }

            rows.Add((real, features));
        }

        // Each field as a column of small integers; constant and duplicate columns say nothing more and are dropped.
        var names = rows.SelectMany(r => r.Features.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labels = rows.Select(r => r.Real).ToArray();
        var columns = new List<(string Name, int[] Values, int Count)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var codes = new Dictionary<string, int>(StringComparer.Ordinal);
            var values = rows.Select(r => { var v = Value(r.Features, name); return codes.TryGetValue(v, out var c) ? c : codes[v] = codes.Count; }).ToArray();
            if (codes.Count > 1 && seen.Add(string.Join(",", values)))
            {
                columns.Add((name, values, codes.Count));
            }
        }

        var (best, bestName) = (0.5, "none");
        var (bestSingle, bestSingleName) = (0.5, "none");
        for (var a = 0; a < columns.Count; a++)
        {
            for (var b = a; b < columns.Count; b++)
            {
                var (ca, cb) = (columns[a], columns[b]);
                var accuracy = CrossValidated(labels, i => a == b ? ca.Values[i] : ((long)ca.Values[i] * cb.Count) + cb.Values[i]);
                if (a == b && accuracy > bestSingle)
                {
                    (bestSingle, bestSingleName) = (accuracy, ca.Name);
                }

                if (accuracy > best)
                {
                    (best, bestName) = (accuracy, a == b ? ca.Name : $"{ca.Name} × {cb.Name}");
                }
            }
        }

        Report.Line(string.Create(CultureInfo.InvariantCulture, $"distinguisher: {samples} samples ({(samples + 1) / 2} real accounts of every shape, {samples / 2} unknown identifiers), {columns.Count} informative fields of {names.Length} and their pairs, best single field {bestSingle:F4} ({bestSingleName}), best of all {best:F4} ({bestName}), bound {0.5 + Margin:F2}"));
        Assert.True(best <= 0.5 + Margin, $"the answers tell a real account from an unknown identifier with accuracy {best:F4} through {bestName}");
    }

    private static string Value(Dictionary<string, string> features, string name) => features.TryGetValue(name, out var value) ? value : "-";

    /// <summary>
    /// Two folds (samples 0–1, 4–5, … and 2–3, 6–7, …: each half real): a majority table fitted on one fold predicts the
    /// other, so every sample is predicted once by a table that never saw it. A key the table does not know, or a tie,
    /// is predicted as the fold's fixed guess (half of each fold is real).
    /// </summary>
    private static double CrossValidated(bool[] labels, Func<int, long> key)
    {
        var correct = 0;
        var table = new Dictionary<long, int>();
        for (var fold = 0; fold < 2; fold++)
        {
            table.Clear();
            for (var i = 0; i < labels.Length; i++)
            {
                if ((i / 2) % 2 != fold)
                {
                    var k = key(i);
                    table[k] = table.GetValueOrDefault(k) + (labels[i] ? 1 : -1);
                }
            }

            for (var i = 0; i < labels.Length; i++)
            {
                if ((i / 2) % 2 == fold)
                {
                    var vote = table.GetValueOrDefault(key(i));
                    if ((vote == 0 ? fold == 0 : vote > 0) == labels[i])
                    {
                        correct++;
                    }
                }
            }
        }

        return correct / (double)labels.Length;
    }

    /// <summary>Every field of an answer as a feature, ids dropped, times relative to now, masks reduced to their shape.</summary>
    private static void Describe(Dictionary<string, string> f, string step, ResetResult<ApplicantCaseView> result, DateTimeOffset now)
    {
        f[step + ".error"] = result.ErrorCode ?? "ok";
        f[step + ".message"] = result.Error?.Message ?? "-";
        f[step + ".kind"] = result.Error?.Kind.ToString() ?? "-";
        if (result.View is not { } v)
        {
            f[step + ".view"] = "none";
            return;
        }

        f[step + ".view"] = "some";
        f[step + ".version"] = v.Version.ToString(CultureInfo.InvariantCulture);
        f[step + ".state"] = v.State.ToString();
        f[step + ".bound"] = v.BoundItems.ToString();
        f[step + ".email"] = v.BoundEmail is { } email ? email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..] : "null";
        f[step + ".phone"] = v.BoundPhone is { } phone ? $"len{phone.Length}" : "null";
        f[step + ".selected"] = v.SelectedItems.ToString();
        f[step + ".remaining"] = v.RemainingItems.ToString();
        f[step + ".verified"] = v.VerifiedItems.ToString();
        f[step + ".facescan"] = v.FaceScanOffered.ToString();
        f[step + ".required"] = v.RequiredSteps.ToString();
        f[step + ".expires"] = (v.ExpiresAt - now).ToString();
        f[step + ".protected"] = v.WithdrawalsProtectedUntil is { } until ? (until - now).ToString() : "-";
        f[step + ".codes"] = string.Join(",", v.CodesOnTheirWay);
        f[step + ".actions"] = string.Join(",", v.AvailableActions);
        f[step + ".access"] = v.Access is null ? "none" : "new";
        f[step + ".rest"] = string.Join(
            "/",
            v.Channel,
            v.EntryPoint,
            v.QuestionnaireAnswered,
            v.ProofsProvided,
            v.NewContact ?? "-",
            v.NewContactVerified,
            v.DocumentProvided,
            v.VideoProvided,
            v.AcceptedTermsVersion ?? "-",
            v.RequestedAmendments,
            v.ReasonCode ?? "-",
            v.OfferForgotPasswordNext);
    }

    /// <summary>Records which directory calls a request makes, in order (their latency may depend on the account's existence).</summary>
    private sealed class RecordingDirectory(IAccountDirectory inner, List<string> calls) : IAccountDirectory
    {
        public Task<string?> ResolveAccountIdAsync(string identifier, CancellationToken cancellationToken)
        {
            calls.Add("resolve");
            return inner.ResolveAccountIdAsync(identifier, cancellationToken);
        }

        public Task<AccountRecord?> GetAccountAsync(string accountId, CancellationToken cancellationToken)
        {
            calls.Add("account");
            return inner.GetAccountAsync(accountId, cancellationToken);
        }

        public Task<byte[]?> GetAuthenticatorSecretAsync(string accountId, CancellationToken cancellationToken)
        {
            calls.Add("secret");
            return inner.GetAuthenticatorSecretAsync(accountId, cancellationToken);
        }

        public Task<QuestionnaireAnswers?> GetQuestionnaireFactsAsync(string accountId, CancellationToken cancellationToken)
        {
            calls.Add("facts");
            return inner.GetQuestionnaireFactsAsync(accountId, cancellationToken);
        }

        public Task ApplyResetAsync(ResetInstruction instruction, CancellationToken cancellationToken)
        {
            calls.Add("apply");
            return inner.ApplyResetAsync(instruction, cancellationToken);
        }
    }
}
