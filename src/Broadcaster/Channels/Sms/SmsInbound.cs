using Broadcaster.Subscribers;

namespace Broadcaster.Channels.Sms;

/// <summary>Turns one parsed inbound SMS into the subscriber operation it asks for, and returns the reply (null: none).</summary>
public sealed class SmsInbound(SubscriberService subscribers)
{
    public async Task<string?> HandleAsync(string from, SmsCommand command)
    {
        const string sms = ChannelName.Sms;
        var (argument, language) = (command.Argument, command.Language);
        switch (command.Keyword)
        {
            case SmsKeyword.OptOut:
                return await subscribers.StopAsync(sms, from, language);
            case SmsKeyword.Confirm when await subscribers.StatusAsync(sms, from) == SubscriberStatus.Pending:
                return await subscribers.ConfirmAsync(sms, from, language);
            case SmsKeyword.Confirm or SmsKeyword.OptIn when argument.Length == 0:
                return await subscribers.OptInAsync(sms, from, language);
            case SmsKeyword.Confirm when await subscribers.FindCountyAsync(argument) is null:
                return await subscribers.OtherAsync(sms, from, language);
            case SmsKeyword.Confirm or SmsKeyword.OptIn:
                return await subscribers.JoinAsync(sms, from, argument, language);
            case SmsKeyword.Help:
                return await subscribers.HelpAsync(sms, from, language);
            case SmsKeyword.Leave:
                return await subscribers.LeaveAsync(sms, from, argument, language);
            case SmsKeyword.Language:
                return await subscribers.SetLanguageAsync(sms, from, argument.Length == 0 ? null : argument, language);
            default:
                return await subscribers.OtherAsync(sms, from, language);
        }
    }
}
