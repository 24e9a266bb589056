namespace Broadcaster.Subscribers;

/// <summary>Every subscriber text in English. Keep in step with <see cref="SpanishTexts"/>.</summary>
public sealed class EnglishTexts(CommandWords w) : SubscriberTexts(w)
{
    private const string Rates = "Msg & data rates may apply.";
    private const string LocalHotline = "your local Rapid Response hotline";

    public override string GeneralProgram => "Rapid Response Alerts";

    public override string AskConfirm(string program, IReadOnlyList<string> counties) =>
        $"{program}: Reply {Words.Yes} to confirm alerts for {Counties(counties)}. {Rates} If this wasn't you, ignore this message.";

    public override string Welcome(string program, IReadOnlyList<string> counties) =>
        $"{program}: You'll get alerts for {Counties(counties)}. Msg frequency varies. {Rates} Reply {Words.Help} for help, {Words.Stop} to cancel.";

    public override string Lapsed() =>
        $"Your request to join expired: we wait 24 hours for {Words.Yes}. {JoinHint()} to start again.";

    public override string NothingToConfirm() =>
        $"There is no request to confirm (requests expire after 24 hours). {HowToJoin()}";

    public override string AskCounty() =>
        $"Which county? {JoinHint()}, for example {Words.Join} Fresno or {Words.Join} 93701.";

    public override string UnknownCounty() =>
        $"Sorry, we couldn't find that California county. Reply {Words.Join} + a county name or ZIP code, for example {Words.Join} Fresno or {Words.Join} 93701.";

    public override string NotServed(string county) =>
        $"Sorry, there are no alerts for {Counties([county])} yet. Your number was not saved.";

    public override string AlreadySubscribed(string program, IReadOnlyList<string> counties) =>
        $"{program}: You already get alerts for {Counties(counties)}. Reply {Words.Join} + county to add one, {Words.Leave} + county to leave one.";

    public override string Stopped(string program) =>
        $"{program}: You're unsubscribed and will get no more messages. Reply {Words.Join} + your county to subscribe again.";

    public override string Left(string program, string county, IReadOnlyList<string> remaining) =>
        $"{program}: You left alerts for {Counties([county])}. You still get alerts for {Counties(remaining)}.";

    public override string LeftLast(string program, string county) =>
        $"{program}: You left alerts for {Counties([county])} and will get no more messages. Reply {Words.Join} + your county to subscribe again.";

    public override string NotInCounty(string county, IReadOnlyList<string> current) =>
        $"You don't get alerts for {Counties([county])}. You get alerts for {Counties(current)}.";

    public override string WhichToLeave(IReadOnlyList<string> current) =>
        $"Which county? You get alerts for {Counties(current)}. Reply {Words.Leave} + county to leave one, {Words.Stop} to leave all.";

    public override string NotSubscribed() => $"You're not subscribed. {HowToJoin()}";

    public override string HowToJoin() => $"{JoinHint()} to get alerts.";

    public override string LanguageSet() => "OK, we'll write to you in English.";

    public override string LanguageChoices() => $"Reply {Words.English} or {Words.Spanish} to choose your language.";

    public override string Help(string program, IReadOnlyList<Hotline> hotlines) =>
        $"{program}: verified alerts from your Rapid Response Network. Hotline: {HotlineOrLocal(hotlines)}. " +
        $"Reply {Words.Leave} + county to leave one county, {Words.Stop} to cancel. {Rates}";

    public override string HelpGeneral() =>
        $"{GeneralProgram}: verified alerts from California's Rapid Response Networks. {JoinHint()} to subscribe, {Words.Stop} to cancel. {Rates}";

    public override string Other(string program, IReadOnlyList<Hotline> hotlines) =>
        $"{program}: This number only sends alerts; replies are not read. To report ICE activity, call {HotlineOrLocal(hotlines)}. Reply {Words.Help} for help.";

    public override string OtherGeneral() =>
        $"This number sends Rapid Response alerts; replies are not read. To report ICE activity, call {LocalHotline}. {HowToJoin()}";

    private string JoinHint() => $"Reply {Words.Join} + your county or ZIP code";

    private static string HotlineOrLocal(IReadOnlyList<Hotline> hotlines) =>
        hotlines.Count == 0 ? LocalHotline : Hotlines(hotlines);

    private static string Counties(IReadOnlyList<string> names) =>
        List(names, "and") + (names.Count == 1 ? " County" : " counties");
}
