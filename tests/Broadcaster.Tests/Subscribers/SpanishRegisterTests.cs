using Broadcaster.Alerts;
using Broadcaster.PublicPages;
using Broadcaster.Subscribers;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Subscribers;

/// <summary>
/// Subscribers and residents read Spanish in "usted", the register of public-service notices: every text of the
/// catalog, the follow-up starters they receive and the network's public pages. One "tú" among them reads as careless.
/// </summary>
public sealed class SpanishRegisterTests
{
    [Fact]
    public void SubscriberSpanish_CatalogFollowUpsAndPublicPages_NeverTu()
    {
        var catalog = Catalog.All["es"];
        var pages = PublicTexts.For("es");
        var texts = catalog.Keys.Select(k => ($"catalog {k}", catalog.Raw(k)))
            .Concat(new[] { AlertKind.Retraction, AlertKind.AllClear }.Select(k => ($"starter {k}", FollowUpText.Starter(k, 12, "es")!)))
            .Concat(PublicTexts.Keys.Select(k => ($"public page {k}", pages[k])))
            .ToList();

        var slips = texts.Select(t => (t.Item1, Forms: SpanishRegister.TuForms(t.Item2)))
            .Where(t => t.Forms.Count > 0)
            .Select(t => $"{t.Item1}: {string.Join(", ", t.Forms)}")
            .ToList();

        Assert.Empty(slips);
        Assert.Contains(texts, t => SpanishRegister.UstedForms(t.Item2).Count > 0);
    }
}
