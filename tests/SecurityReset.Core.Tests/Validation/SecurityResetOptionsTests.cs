using System.Reflection;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecurityReset.InMemory;
using SecurityReset.Tests.TestSupport;

namespace SecurityReset.Tests.Validation;

public sealed class SecurityResetOptionsTests
{
    /// <summary>Every option with a numeric or duration range.</summary>
    public static TheoryData<string> RangePaths => [.. OptionCatalog.All.Where(o => Probe.For(o) is not null).Select(o => o.Path)];

    [Fact]
    public void The_defaults_with_a_key_are_valid_and_match_the_documented_rules()
    {
        var options = TestSecrets.Options();

        Assert.True(new SecurityResetOptionsValidator().Validate(options).IsValid);
        Assert.Equal(6, options.Codes.Length);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Codes.Lifetime);
        Assert.Equal(5, options.Codes.MaxFailedAttemptsPerDestination);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Codes.ResendCooldown);
        Assert.Equal(5, options.Codes.MaxPerDestination);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Authenticator.Step);
        Assert.Equal(1, options.Authenticator.WindowSteps);
        Assert.Equal(5, options.Authenticator.MaxFailures);
        Assert.Equal(5, options.FaceScan.MaxFailures);
        Assert.Equal(TimeSpan.FromHours(72), options.Lifetimes.Case);
        Assert.Equal(TimeSpan.FromHours(24), options.Lifetimes.WithdrawalProtection);
        Assert.Equal(10, options.Codes.MaxPerDestinationPerAccount);
        Assert.Equal(5, options.Codes.MaxNewContactsPerAccount);
        Assert.Equal(10, options.FaceScan.MaxFailuresPerAccount);
        Assert.Equal(100, options.Lockout.MaxFailuresPerFactor);
        Assert.Equal(TimeSpan.FromHours(24), options.Lockout.Window);
        Assert.Same(SeedStepPolicy.Instance, options.StepPolicy);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==")]
    public void The_service_refuses_a_missing_or_short_secret_key_without_echoing_it(string? key)
    {
        var options = new SecurityResetOptions { SecretKey = key };

        var error = Assert.Throws<OptionsValidationException>(() => Construct(options));

        Assert.Equal(["SecretKey must be base64 of at least 32 random bytes."], error.Failures);
        if (!string.IsNullOrEmpty(key))
        {
            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("not base64", "PreviousSecretKeys must be base64 of at least 32 random bytes.")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "PreviousSecretKeys is not random: it repeats one byte value or a short pattern. Draw it from a cryptographic random source.")]
    public void The_service_refuses_a_previous_secret_key_a_current_one_would_be_refused_for_without_echoing_it(string key, string failure)
    {
        var options = new SecurityResetOptions { SecretKey = TestSecrets.SecretKey };
        options.PreviousSecretKeys.Add(key);

        var error = Assert.Throws<OptionsValidationException>(() => Construct(options));

        Assert.Equal([failure], error.Failures);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_refuses_out_of_range_rules_naming_the_option_and_its_range()
    {
        var options = TestSecrets.Options();
        options.Codes.Lifetime = TimeSpan.FromSeconds(30);

        var error = Assert.Throws<OptionsValidationException>(() => Construct(options));

        Assert.Equal(["Codes.Lifetime must be between 1 minute and 1 hour; it is 30 seconds."], error.Failures);
    }

    [Fact]
    public void A_failure_budget_above_the_NIST_ceiling_of_100_per_factor_is_refused_naming_the_option_and_its_range()
    {
        var options = TestSecrets.Options();
        options.Lockout.MaxFailuresPerFactor = 101;
        options.FaceScan.MaxFailuresPerAccount = 101;

        var error = Assert.Throws<OptionsValidationException>(() => Construct(options));

        Assert.Equal(
            ["FaceScan.MaxFailuresPerAccount must be between 1 and 100; it is 101.", "Lockout.MaxFailuresPerFactor must be between 1 and 100; it is 101."],
            error.Failures);
        options.Lockout.MaxFailuresPerFactor = 100;
        options.FaceScan.MaxFailuresPerAccount = 100;
        Assert.NotNull(Construct(options));
    }

    [Fact]
    public void The_service_constructed_directly_accepts_valid_options() =>
        Assert.NotNull(Construct(TestSecrets.Options()));

    [Fact]
    public void Every_failure_is_reported_at_once_each_under_its_path()
    {
        var options = new SecurityResetOptions { MaxConcurrencyRetries = -1, StepPolicy = null! };
        options.Evidence.AllowedVideoMediaTypes.Clear();
        options.Authenticator.Step = TimeSpan.FromSeconds(30.5);

        var result = new SecurityResetOptionsValidator().Validate(options);

        Assert.Equal(
            ["SecretKey", "StepPolicy", "MaxConcurrencyRetries", "Authenticator.Step", "Evidence.AllowedVideoMediaTypes"],
            result.Errors.Select(e => e.PropertyName));
        Assert.Contains("Authenticator.Step must be between 15 seconds and 2 minutes, in whole seconds; it is 00:00:30.5000000.", result.Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void Every_public_option_is_declared_once_and_every_declaration_is_a_public_option()
    {
        var declared = OptionCatalog.All.Select(o => o.Path).ToList();

        Assert.Equal(declared.Count, declared.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(LeafPaths(typeof(SecurityResetOptions), prefix: null).Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_property_starts_at_its_declared_default()
    {
        var options = new SecurityResetOptions();

        foreach (var option in OptionCatalog.All)
        {
            switch (option)
            {
                case RangeOption<int> r: Assert.Equal(r.Default, r.Get(options)); break;
                case RangeOption<long> r: Assert.Equal(r.Default, r.Get(options)); break;
                case RangeOption<TimeSpan> r: Assert.Equal(r.Default, r.Get(options)); break;
                case MediaTypesOption m: Assert.Equal(m.Default.Order(StringComparer.Ordinal), m.Get(options).Order(StringComparer.Ordinal)); break;
                case StepPolicyOption p: Assert.Same(p.Default, options.StepPolicy); break;
                case SecretKeyOption k when k.Path == "SecretKey": Assert.Null(options.SecretKey); break;
                case SecretKeyOption: Assert.Empty(options.PreviousSecretKeys); break;
                default: Assert.Fail($"No default check for {option.Path}."); break;
            }
        }
    }

    [Fact]
    public void Media_type_sets_are_compared_ignoring_case_and_belong_to_each_instance()
    {
        var first = new SecurityResetOptions();
        var second = new SecurityResetOptions();
        first.Evidence.AllowedFileMediaTypes.Clear();

        Assert.Contains("IMAGE/PNG", second.Evidence.AllowedFileMediaTypes);
        Assert.Contains("Video/MP4", second.Evidence.AllowedVideoMediaTypes);
    }

    [Fact]
    public void The_strict_profile_takes_every_declared_strict_value()
    {
        var options = TestSecrets.StrictOptions();

        Assert.Equal(OptionCatalog.CodeLifetime.Strict, options.Codes.Lifetime);
        Assert.NotEqual(OptionCatalog.CodeLifetime.Default, options.Codes.Lifetime);
        Assert.Same(StrictStepPolicy.Instance, options.StepPolicy);
        Assert.Equal(OptionCatalog.CaseLifetime.Default, options.Lifetimes.Case);
    }

    [Theory]
    [MemberData(nameof(RangePaths))]
    public void Each_range_is_enforced_at_both_ends(string path)
    {
        var probe = Probe.For(OptionCatalog.All.Single(o => o.Path == path))!;

        foreach (var (label, set, allowed) in probe.Boundaries)
        {
            var options = TestSecrets.Options();
            set(options);
            var failures = new SecurityResetOptionsValidator().Validate(options).Errors;
            if (allowed)
            {
                Assert.True(failures.Count == 0, $"{path} = {label} must be allowed: {string.Join("; ", failures)}");
            }
            else
            {
                var failure = Assert.Single(failures);
                Assert.Equal(path, failure.PropertyName);
                Assert.StartsWith($"{path} must be between {probe.Bounds}", failure.ErrorMessage, StringComparison.Ordinal);
            }
        }
    }

    [Property(MaxTest = 400, QuietOnSuccess = true)]
    public bool A_value_is_accepted_exactly_when_it_lies_inside_its_declared_range(NonNegativeInt pick, int offset, bool fromMaximum)
    {
        var probes = OptionCatalog.All.Select(Probe.For).OfType<Probe>().ToList();
        var probe = probes[pick.Get % probes.Count];
        var options = TestSecrets.Options();
        var inside = probe.SetNear(options, fromMaximum, offset);

        var failures = new SecurityResetOptionsValidator().Validate(options).Errors;
        return inside
            ? failures.Count == 0
            : failures.Count == 1 && failures[0].PropertyName == probe.Path && failures[0].ErrorMessage.Contains(probe.Bounds, StringComparison.Ordinal);
    }

    [Fact]
    public void Registered_options_are_validated_once_at_start_up_and_the_service_uses_that_instance()
    {
        var counter = new CountingValidation();
        var services = new ServiceCollection();
        services.AddSingleton<IValidateOptions<SecurityResetOptions>>(counter);
        services.AddSecurityReset(o => o.SecretKey = TestSecrets.SecretKey).UseInMemoryStore().UseRecordingMessenger().UseInMemoryIdentityChecks().UseInMemoryAccountDirectory();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(1, counter.Calls);
        provider.GetRequiredService<SecurityResetService>();
        Assert.Equal(1, counter.Calls);
    }

    [Fact]
    public void Start_up_validation_names_the_option_and_its_range()
    {
        var services = new ServiceCollection();
        services.AddSecurityReset(o =>
        {
            o.SecretKey = TestSecrets.SecretKey;
            o.Evidence.MaxVideoBytes = 512;
        }).UseInMemoryStore().UseRecordingMessenger().UseInMemoryIdentityChecks().UseInMemoryAccountDirectory();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Evidence.MaxVideoBytes must be between 1 KiB and 16 GiB; it is 512 bytes."], error.Failures);
    }

    private static SecurityResetService Construct(SecurityResetOptions options) => new(
        Microsoft.Extensions.Options.Options.Create(options),
        new InMemoryResetCaseStore(),
        new RecordingMessenger(),
        new InMemoryIdentityChecks(),
        new InMemoryAccountDirectory(),
        new FakeTimeProvider());

    /// <summary>The paths of the settable leaves below a type, descending into the option groups.</summary>
    private static IEnumerable<string> LeafPaths(Type type, string? prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var path = prefix is null ? property.Name : $"{prefix}.{property.Name}";
            var isGroup = property.PropertyType.IsClass && property.PropertyType.Namespace == typeof(SecurityResetOptions).Namespace
                && property.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal);
            foreach (var leaf in isGroup ? LeafPaths(property.PropertyType, path) : [path])
            {
                yield return leaf;
            }
        }
    }

    private sealed class CountingValidation : IValidateOptions<SecurityResetOptions>
    {
        public int Calls { get; private set; }

        public ValidateOptionsResult Validate(string? name, SecurityResetOptions options)
        {
            Calls++;
            return ValidateOptionsResult.Skip;
        }
    }

    /// <summary>Sets a ranged option to values around its bounds, independent of the descriptor's own check.</summary>
    private sealed record Probe(
        string Path,
        string Bounds,
        IReadOnlyList<(string Label, Action<SecurityResetOptions> Set, bool Allowed)> Boundaries,
        Func<SecurityResetOptions, bool, int, bool> SetNear)
    {
        public static Probe? For(OptionDescriptor option) => option switch
        {
            RangeOption<int> r => Make(r, (v, n) => (int)(v + n), (a, b) => a.CompareTo(b)),
            RangeOption<long> r => Make(r, (v, n) => v + n, (a, b) => a.CompareTo(b)),
            RangeOption<TimeSpan> r => Make(r, (v, n) => v + TimeSpan.FromSeconds(n), (a, b) => a.CompareTo(b)),
            _ => null,
        };

        private static Probe Make<T>(RangeOption<T> r, Func<T, long, T> add, Func<T, T, int> compare)
            where T : struct, IComparable<T>
        {
            var bounds = r.RangeText["Between ".Length..^1];
            (string, Action<SecurityResetOptions>, bool) At(string label, T value, bool allowed) => (label, o => r.Set(o, value), allowed);
            return new Probe(
                r.Path,
                bounds,
                [
                    At("minimum", r.Minimum, true),
                    At("maximum", r.Maximum, true),
                    At("below the minimum", add(r.Minimum, -1), false),
                    At("above the maximum", add(r.Maximum, 1), false),
                ],
                (options, fromMaximum, offset) =>
                {
                    var value = add(fromMaximum ? r.Maximum : r.Minimum, offset);
                    r.Set(options, value);
                    return compare(value, r.Minimum) >= 0 && compare(value, r.Maximum) <= 0;
                });
        }
    }
}
